import { UnrecoverableError } from "bullmq";
import { eventJob, githubExamples } from "@hookline/test-utils";
import { planEvent } from "../src/plan-event";

// planEvent is pure: payload in, document and notification rule out, no database.
describe("planEvent", () => {
  const completedRun = () =>
    githubExamples("check_run").find((payload) => payload.action === "completed")!;

  it("keeps only pull_requests entries whose base repository is the event's", () => {
    const payload = completedRun();
    const own = payload.check_run.pull_requests[0];
    const fork = structuredClone(own);
    fork.number = 5;
    fork.base.repo.id = payload.repository.id + 1;
    const noBase = { number: 6 };
    payload.check_run.pull_requests = [fork, own, noBase];
    const { document } = planEvent("d", eventJob("check_run", payload, "d"));
    expect(document.kind === "signal" && document.signal.numbers).toEqual([own.number]);
  });

  it("does the same for check_suite", () => {
    const payload = githubExamples("check_suite").find((p) => p.action === "completed")!;
    for (const entry of payload.check_suite.pull_requests) entry.base.repo.id = 1;
    const { document } = planEvent("d", eventJob("check_suite", payload, "d"));
    expect(document.kind === "signal" && document.signal.numbers).toEqual([]);
  });

  it("carries the repository snapshot and the attempt", () => {
    const payload = githubExamples("pull_request")[0]!;
    const { document } = planEvent("d", eventJob("pull_request", payload, "d"), { attempt: 3 });
    expect(document).toMatchObject({
      attempt: 3,
      repository: {
        id: payload.repository.id,
        full_name: payload.repository.full_name,
        name: payload.repository.name,
        owner: payload.repository.owner.login,
        html_url: payload.repository.html_url,
      },
    });
  });

  it("derives name and owner from full_name when a payload carries only that", () => {
    const payload = githubExamples("status")[0]!;
    payload.repository = { id: 1, full_name: "harbor-io/app" };
    const { document } = planEvent("d", eventJob("status", payload, "d"));
    expect(document.repository).toEqual({
      id: 1,
      full_name: "harbor-io/app",
      name: "app",
      owner: "harbor-io",
      html_url: null,
    });
  });

  it("refuses numbers the database cannot hold, before any database work", () => {
    const payload = githubExamples("pull_request")[0]!;
    payload.pull_request.number = 2 ** 31;
    expect(() => planEvent("d", eventJob("pull_request", payload, "d"))).toThrow(
      UnrecoverableError,
    );
    expect(() => planEvent("d", eventJob("pull_request", payload, "d"))).toThrow(
      /pull_request\.number/,
    );
  });

  it("records events it does not handle as ignored", () => {
    expect(planEvent("d", eventJob("issues", { action: "opened" }, "d")).document.kind).toBe(
      "ignored",
    );
  });
});
