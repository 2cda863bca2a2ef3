import { AppError } from "../errors/app-error";

/** The two body encodings GitHub can be configured to send. */
export type ContentKind = "json" | "form";

export function contentKind(header: string | undefined): ContentKind {
  const mediaType = header?.split(";", 1)[0]?.trim().toLowerCase();
  if (mediaType === "application/json") return "json";
  if (mediaType === "application/x-www-form-urlencoded") return "form";
  throw new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    "content type must be application/json or application/x-www-form-urlencoded",
  );
}
