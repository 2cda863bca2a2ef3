import {
  batchDelivery,
  deliveryJobName,
  incomingEventJobName,
  notificationJobName,
  priorityWord,
  singleDelivery,
  type NotificationJob,
} from "@hookline/queue";
import { subjectOfGithubPayload } from "@hookline/github";

const notification = (event_type: string, data: Record<string, unknown>): NotificationJob => ({
  id: `n-${event_type}`,
  event_type,
  priority: "high",
  timestamp: "2026-11-29T03:00:00.000Z",
  data,
  source: "worker",
});

describe("job names", () => {
  const created = notification("pr.created", {
    repository: "acme/web",
    number: 603,
    pr_id: "1296269",
  });

  it("read the same everywhere: event, channel, repository#PR (the number, not GitHub's id)", () => {
    expect(notificationJobName(created)).toBe("pr.created · acme/web#603");
    expect(deliveryJobName(singleDelivery(created, "alerting"))).toBe(
      "pr.created → alerting · acme/web#603",
    );
    expect(
      deliveryJobName(batchDelivery([created, notification("pr.merged", {})], "monitoring")),
    ).toBe("pr.created +1 → monitoring · acme/web#603");
    expect(notificationJobName(notification("system.worker.started", { instance: "h-1" }))).toBe(
      "system.worker.started",
    );
  });

  it("find the pull request of GitHub events, or the commit of a status", () => {
    const closed = subjectOfGithubPayload({
      action: "closed",
      pull_request: { id: 1296269, number: 603 },
      repository: { full_name: "acme/web" },
    });
    expect(
      incomingEventJobName({ source: "github", event: "pull_request", action: "closed" }, closed),
    ).toBe("pull_request.closed · acme/web#603");
    const checkRun = subjectOfGithubPayload({
      check_run: { pull_requests: [{ number: 12 }] },
      repository: { full_name: "acme/web" },
    });
    expect(
      incomingEventJobName({ source: "github", event: "check_run", action: "completed" }, checkRun),
    ).toBe("check_run.completed · acme/web#12");
    const status = subjectOfGithubPayload({
      sha: "1a2b3c4d5e6f",
      repository: { full_name: "acme/web" },
    });
    expect(incomingEventJobName({ source: "github", event: "status", action: null }, status)).toBe(
      "status · acme/web@1a2b3c4",
    );
    expect(
      incomingEventJobName(
        { source: "github", event: "ping", action: null },
        subjectOfGithubPayload("not an object"),
      ),
    ).toBe("ping");
    expect(
      incomingEventJobName({ source: "deploys", event: "deployment.finished", action: null }, {}),
    ).toBe("deploys: deployment.finished");
  });

  it("turn BullMQ priority numbers back into words", () => {
    expect([1, 2, 3, 4, 0, undefined].map(priorityWord)).toEqual([
      "critical",
      "high",
      "medium",
      "low",
      undefined,
      undefined,
    ]);
  });
});
