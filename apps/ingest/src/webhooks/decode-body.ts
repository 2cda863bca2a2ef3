import { subjectOfGithubPayload } from "@hookline/github";
import type { JobSubject } from "@hookline/queue";
import { AppError } from "../errors/app-error";
import type { ContentKind } from "../http/content-kind";

export interface DecodedBody {
  /** The JSON document as text (for form bodies, the decoded `payload` field). */
  json: string;
  action: string | null;
  /** Repository and pull request the document is about, for the job's name. */
  subject: JobSubject;
}

function jsonText(body: Buffer, kind: ContentKind): string {
  if (kind === "json") return body.toString("utf8");
  const payload = new URLSearchParams(body.toString("utf8")).get("payload");
  if (payload === null) throw new AppError("MALFORMED_BODY", "form body has no payload field");
  return payload;
}

export function decodeBody(body: Buffer, kind: ContentKind): DecodedBody {
  const json = jsonText(body, kind);
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    throw new AppError("MALFORMED_BODY", "body is not valid JSON");
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new AppError("MALFORMED_BODY", "body must be a JSON object");
  }
  const action = (document as { action?: unknown }).action;
  return {
    json,
    action: typeof action === "string" ? action : null,
    subject: subjectOfGithubPayload(document),
  };
}
