// Prisma CLI configuration (Prisma 7 keeps the connection string out of the
// schema). The URL is only needed by commands that touch a database.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/hookline" },
});
