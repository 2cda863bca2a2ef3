import type { ChangedPullRequest } from "../src/apply/apply-contract";
import {
  decideNotifications,
  pullRequestEventType,
} from "../src/notifications/decide-notifications";

// Which notifications an outbox calls for. What changed is decided in SQL
// (hookline_apply_pull_request, hookline_recompute_checks); this only names it.
const stored = (changes: Partial<ChangedPullRequest> = {}): ChangedPullRequest => ({
  id: "900001",
  number: 1,
  repository: "octo/hookline",
  title: "T",
  state: "OPEN",
  draft: false,
  merged: false,
  head_sha: "a1",
  base_ref: "main",
  html_url: null,
  checks_state: "NONE",
  required_checks_known: false,
  version: 4,
  github_updated_at: "2026-11-28T09:00:00.000Z",
  change: null,
  checks_changed: false,
  ...changes,
});
const context = { deliveryId: "d-1", sender: "octocat" };

describe("pullRequestEventType: the change the database reported names the event", () => {
  it.each([
    ["first stored", "created", "OPEN", "pr.created"],
    ["first stored, already closed", "created", "CLOSED", "pr.created"],
    ["closed", "state", "CLOSED", "pr.closed"],
    ["merged", "state", "MERGED", "pr.merged"],
    ["reopened", "state", "OPEN", "pr.reopened"],
    ["head, title, base or draft", "updated", "OPEN", "pr.updated"],
  ] as const)("%s", (_name, change, state, expected) => {
    expect(pullRequestEventType(change, state)).toBe(expected);
  });
});

describe("decideNotifications", () => {
  it("says nothing when applying changed nothing stored (a late, older event)", () => {
    expect(decideNotifications(context, { pull_requests: [] })).toEqual([]);
    expect(decideNotifications(context, { pull_requests: [stored()] })).toEqual([]);
  });

  it("carries the full stored state and its version, with an id derived from the delivery", () => {
    const [notification] = decideNotifications(context, {
      pull_requests: [stored({ change: "state", state: "MERGED", merged: true })],
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
        merged: true,
        head_sha: "a1",
        base_ref: "main",
        html_url: null,
        checks_state: "NONE",
        version: 4,
        github_updated_at: "2026-11-28T09:00:00.000Z",
        sender: "octocat",
        delivery_id: "d-1",
      },
    });
  });

  it("names a checks change: a verdict, or pending when none (also a verdict withdrawn)", () => {
    const sent = decideNotifications(context, {
      pull_requests: [
        stored({ id: "1", checks_changed: true, checks_state: "PENDING" }),
        stored({ id: "2", checks_changed: true, checks_state: "NONE" }),
        stored({ id: "3", checks_changed: true, checks_state: "FAILURE" }),
        stored({ id: "4", checks_changed: false, checks_state: "SUCCESS" }),
      ],
    });
    expect(sent.map((n) => [n.event_type, n.priority, n.data.pr_id])).toEqual([
      ["pr.checks.pending", "medium", "1"],
      ["pr.checks.pending", "medium", "2"],
      ["pr.checks.failed", "high", "3"],
    ]);
    const [passed] = decideNotifications(context, {
      pull_requests: [
        stored({ checks_changed: true, checks_state: "SUCCESS", required_checks_known: true }),
      ],
    });
    expect(passed).toMatchObject({
      id: "d-1.900001.pr.checks.passed",
      data: { checks_state: "SUCCESS", required_checks_known: true, version: 4 },
    });
  });

  it("says pending only once: a pr.* event of the same delivery carries the checks state", () => {
    const sent = decideNotifications(context, {
      pull_requests: [stored({ change: "updated", checks_changed: true, checks_state: "PENDING" })],
    });
    expect(sent.map((n) => [n.event_type, n.data.checks_state])).toEqual([
      ["pr.updated", "PENDING"],
    ]);
  });

  it("sends the pull request's own event before its checks verdict", () => {
    const sent = decideNotifications(context, {
      pull_requests: [stored({ change: "updated", checks_changed: true, checks_state: "FAILURE" })],
    });
    expect(sent.map((n) => n.event_type)).toEqual(["pr.updated", "pr.checks.failed"]);
  });
});
