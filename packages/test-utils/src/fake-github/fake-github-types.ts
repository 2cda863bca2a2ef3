// What the fake GitHub serves for one repository (fake-github.ts, fake-github-repositories.ts).

/** A required check as branch protection (`app_id`) and rulesets (`integration_id`) name it. */
export interface RequiredCheck {
  context: string;
  app_id?: number | null;
}

export interface FakeRepository {
  repository: { id: number; full_name: string; html_url: string; [key: string]: unknown };
  /**
   * pull-request-simple items, newest first as GitHub lists them; also
   * served one by one (`/pulls/{number}`) with `merged` from `merged_at`.
   */
  pulls: Record<string, unknown>[];
  checkRuns: Map<string, Record<string, unknown>[]>;
  checkSuites: Map<string, Record<string, unknown>[]>;
  /** Every status of a commit, newest first (superseded ones too, as GitHub lists them). */
  statuses: Map<string, Record<string, unknown>[]>;
  /** Branch protection's required status checks, by branch; absent: the branch is not protected (404). */
  protection?: Map<string, RequiredCheck[]>;
  /** Required status checks of rulesets that apply to a branch, by branch. */
  rulesets?: Map<string, RequiredCheck[]>;
}
