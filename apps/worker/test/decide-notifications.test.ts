import {
  decideNotifications,
  pullRequestEventType,
} from "../src/notifications/decide-notifications";

type Stored = {
  state: "OPEN" | "CLOSED" | "MERGED";
  draft: boolean;
  head_sha: string;
  title: string;
  base_ref: string;
};

const open: Stored = { state: "OPEN", draft: false, head_sha: "a1", title: "T", base_ref: "main" };
const after = (changes: Partial<Stored> = {}) => ({
  id: "900001",
  number: 1,
  repository: "octo/hookline",
  html_url: null,
  ...open,
  ...changes,
});
const context = { deliveryId: "d-1", sender: "octocat", repository: "octo/old-name" };

describe("pullRequestEventType: a change of the stored state names the event", () => {
  it.each([
    ["first stored", null, after(), "pr.created"],
    ["first stored, already closed", null, after({ state: "CLOSED" }), "pr.created"],
    ["closed", open, after({ state: "CLOSED" }), "pr.closed"],
    ["merged", open, after({ state: "MERGED" }), "pr.merged"],
    [
      "merged after closed",
      { ...open, state: "CLOSED" as const },
      after({ state: "MERGED" }),
      "pr.merged",
    ],
    ["reopened", { ...open, state: "CLOSED" as const }, after(), "pr.reopened"],
    ["new head", open, after({ head_sha: "a2" }), "pr.updated"],
    ["new title", open, after({ title: "U" }), "pr.updated"],
    ["new base", open, after({ base_ref: "next" }), "pr.updated"],
    ["ready for review", { ...open, draft: true }, after(), "pr.updated"],
    ["nothing stored changed", open, after(), undefined],
  ])("%s", (_name, before, stored, expected) => {
    expect(pullRequestEventType({ before, after: stored })).toBe(expected);
  });
});

describe("decideNotifications", () => {
  it("says nothing when applying changed nothing stored (a late, older event)", () => {
    expect(decideNotifications(context, { pull_request: null, checks: [] })).toEqual([]);
    expect(decideNotifications(context, { checks: [] })).toEqual([]);
  });

  it("carries the stored state and names, with an id derived from the delivery", () => {
    const [notification] = decideNotifications(context, {
      pull_request: { before: open, after: after({ state: "MERGED" }) },
      checks: [],
    });
    expect(notification).toEqual({
      id: "d-1.900001.pr.merged",
      event_type: "pr.merged",
      priority: "medium",
      data: {
        repository: "octo/hookline",
        pr_id: "900001",
        number: 1,
        title: "T",
        state: "MERGED",
        draft: false,
        head_sha: "a1",
        base_ref: "main",
        html_url: null,
        sender: "octocat",
        delivery_id: "d-1",
      },
    });
  });

  it("gives a checks verdict only for a stored SUCCESS or FAILURE", () => {
    const transition = (checks_state: "PENDING" | "SUCCESS" | "FAILURE" | "NONE") => ({
      pull_request_id: "900001",
      number: 1,
      repository: "octo/hookline",
      head_sha: "a1",
      checks_state,
    });
    const sent = decideNotifications(context, {
      checks: [transition("PENDING"), transition("NONE"), transition("FAILURE")],
    });
    expect(sent.map((n) => [n.event_type, n.priority, n.data.checks_state])).toEqual([
      ["pr.checks.failed", "high", "FAILURE"],
    ]);
    const [passed] = decideNotifications(context, { checks: [transition("SUCCESS")] });
    expect(passed).toMatchObject({
      id: "d-1.900001.pr.checks.passed",
      data: { repository: "octo/hookline", checks_state: "SUCCESS" },
    });
  });

  it("falls back to the event's repository name for outboxes stored before names were kept", () => {
    const [sent] = decideNotifications(context, {
      checks: [{ pull_request_id: "1", number: 1, head_sha: "a", checks_state: "SUCCESS" }],
    });
    expect(sent!.data.repository).toBe("octo/old-name");
  });
});
