import { createTestDatabase, type TestDatabase } from "@hookline/test-utils";
import { actualSchema } from "./support/actual-schema";
import { expectedSchema } from "./support/expected-schema";

// Fails when someone edits schema.prisma without adding a migration, or a
// migration without updating schema.prisma (the template database is built
// from the migrations alone).
describe("schema.prisma and the migrations agree", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("has the same tables, columns, enums, indexes and foreign keys", async () => {
    const expected = expectedSchema();
    const actual = await actualSchema(database.url);
    expect(Object.keys(expected.tables).length).toBeGreaterThanOrEqual(7);
    expect(actual).toEqual(expected);
  });
});
