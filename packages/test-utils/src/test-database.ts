import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { databaseUrl } from "@hookline/db";
import { testServices } from "./test-services";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function onMaintenance<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServices().databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function urlFor(name: string): string {
  return databaseUrl(testServices().databaseUrl, name);
}

/**
 * A database of this test file's own: a copy of the migrated template, or an
 * empty one (`migrated: false`) for migration tests.
 */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const name = `test_${randomUUID().replaceAll("-", "")}`;
  const template = options.migrated === false ? "template0" : testServices().templateDatabase;
  await onMaintenance((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: urlFor(name),
    drop: () =>
      onMaintenance((client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => undefined),
  };
}
