import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FUNCTIONS_DIR, functionsDrift, MIGRATIONS_DIR } from "@hookline/db";

describe("prisma/functions and the migrations", () => {
  it("agree: the newest generated migration installs exactly the function files", () => {
    expect(functionsDrift(FUNCTIONS_DIR, MIGRATIONS_DIR)).toEqual([]);
  });

  function copies() {
    const root = mkdtempSync(join(tmpdir(), "hookline-functions-"));
    cpSync(FUNCTIONS_DIR, join(root, "functions"), { recursive: true });
    cpSync(MIGRATIONS_DIR, join(root, "migrations"), { recursive: true });
    return { functions: join(root, "functions"), migrations: join(root, "migrations") };
  }

  it("disagree when a function file changes without a new migration", () => {
    const dirs = copies();
    writeFileSync(
      join(dirs.functions, "hookline_lock_commit.sql"),
      "CREATE FUNCTION hookline_lock_commit() RETURNS VOID LANGUAGE sql AS $$ SELECT 1 $$;\n",
    );
    expect(functionsDrift(dirs.functions, dirs.migrations)).toEqual([
      expect.stringMatching(/differs from prisma\/functions/),
    ]);
  });

  it("disagree when a later migration redefines a function by hand", () => {
    const dirs = copies();
    mkdirSync(join(dirs.migrations, "29991231000000_by_hand"));
    writeFileSync(
      join(dirs.migrations, "29991231000000_by_hand", "migration.sql"),
      "CREATE OR REPLACE FUNCTION hookline_lock_commit(p BIGINT, s TEXT) RETURNS VOID LANGUAGE sql AS $$ SELECT $$;\n",
    );
    expect(functionsDrift(dirs.functions, dirs.migrations)).toEqual([
      expect.stringMatching(/by_hand defines hookline_\* functions/),
    ]);
  });

  it("disagree when a file defines another function than its name says", () => {
    const dirs = copies();
    writeFileSync(
      join(dirs.functions, "hookline_extra.sql"),
      "CREATE FUNCTION hookline_other() RETURNS VOID LANGUAGE sql AS $$ SELECT $$;\n",
    );
    expect(functionsDrift(dirs.functions, dirs.migrations)).toEqual(
      expect.arrayContaining([expect.stringMatching(/hookline_extra\.sql must define/)]),
    );
  });
});
