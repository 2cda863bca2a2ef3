// `npm run hash-password` reads a password on standard input and prints the
// hash for dashboard.users.<name>.password_hash (or DASHBOARD_USERS).
import { runMain } from "@hookline/lifecycle";
import { hashPassword } from "./users/password-hash";

runMain(async () => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (password.length < 12) throw new Error("a dashboard password needs at least 12 characters");
  process.stdout.write(`${await hashPassword(password)}\n`);
});
