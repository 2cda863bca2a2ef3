import { createHmac, timingSafeEqual } from "node:crypto";

export interface SignatureScheme {
  algorithm: "sha1" | "sha256" | "sha512";
  encoding: "hex" | "base64";
  /** Text before the digest, e.g. GitHub's "sha256=". */
  prefix: string;
}

export const GITHUB_SIGNATURE_SCHEME: SignatureScheme = {
  algorithm: "sha256",
  encoding: "hex",
  prefix: "sha256=",
};

export function computeSignature(
  scheme: SignatureScheme,
  secret: string,
  body: Buffer | string,
): string {
  return scheme.prefix + createHmac(scheme.algorithm, secret).update(body).digest(scheme.encoding);
}

/**
 * True when `header` is the HMAC of the exact raw `body` under any of the
 * active `secrets` (several are active while a secret is rotated). Lengths
 * are compared first because timingSafeEqual demands equal lengths; the
 * length of a well-formed signature is public anyway.
 */
export function verifySignature(
  scheme: SignatureScheme,
  secrets: readonly string[],
  body: Buffer,
  header: string,
): boolean {
  const provided = Buffer.from(scheme.encoding === "hex" ? header.toLowerCase() : header);
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(scheme, secret, body));
    if (expected.length === provided.length && timingSafeEqual(expected, provided)) return true;
  }
  return false;
}
