import { verify, type KeyObject } from "node:crypto";

/**
 * The app id of a valid GitHub App JWT in an Authorization header: RS256,
 * signed by that App's key in `apps` (id → public key), iss = app id,
 * lifetime at most 10 minutes and not expired; undefined otherwise.
 */
export function appIdOfJwt(
  authorization: string,
  apps: ReadonlyMap<number, KeyObject> | undefined,
): number | undefined {
  const [scheme, jwt] = authorization.split(" ");
  if (scheme?.toLowerCase() !== "bearer" || !jwt) return undefined;
  const [header, payload, signature] = jwt.split(".");
  if (!header || !payload || !signature) return undefined;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
    iss: string | number;
    iat: number;
    exp: number;
  };
  const { alg } = JSON.parse(Buffer.from(header, "base64url").toString()) as { alg: string };
  const appId = Number(claims.iss);
  const key = apps?.get(appId);
  if (alg !== "RS256" || !key) return undefined;
  const now = Math.floor(Date.now() / 1000);
  if (claims.exp - claims.iat > 600 || claims.exp < now) return undefined;
  const valid = verify(
    "RSA-SHA256",
    Buffer.from(`${header}.${payload}`),
    key,
    Buffer.from(signature, "base64url"),
  );
  return valid ? appId : undefined;
}
