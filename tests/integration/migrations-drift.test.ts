import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "@/scripts/lib/schema-engine";

// schema.prisma and prisma/migrations must describe the same database: a model changed without
// `npm run db:migrate:create -- <name>` fails here with the SQL that is missing.
describe("migrations", () => {
  it("match schema.prisma (no drift)", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  }, 120_000);
});
