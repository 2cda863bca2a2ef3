import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// OWASP's scrypt floor (N=2^17, r=8, p=1) costs ~128 MiB and ~0.3 s a login
// here; 2^15 keeps a login near 80 ms on a shared 2-core machine while still
// costing an attacker 32 MiB per guess. The parameters travel in the hash, so
// raising them later leaves existing hashes valid.
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password,
      salt,
      KEY_BYTES,
      { ...options, maxmem: 256 * (options.N ?? 1) * (options.r ?? 8) },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** "scrypt.<N>.<r>.<p>.<salt>.<key>" (base64url): what dashboard.users[].password_hash holds. */
export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return [
    "scrypt",
    cost.N,
    cost.r,
    cost.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join(".");
}

/** True when `password` matches `hash`; compared in constant time. False for a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = hash.split(".");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
