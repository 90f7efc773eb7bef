import { test } from "vitest";
import { db, type Database } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { createUserActor } from "./actors";
import { installFreshDatabase } from "./db";
import { removeByPrefix, requireDocker, runPrefix } from "./services-fixtures";
import { removeDockerObjectsOf, useTestCatalog } from "./provisioning";

// The setups many integration files shared as beforeAll/afterAll pairs, as vitest fixtures
// (test.extend, file scope: made once for the file's first test or `it.beforeAll` that names it,
// removed after its last). A fixture is null when a service it needs is missing outside CI (in CI
// requireDocker/installFreshDatabase throw): a test starts with `if (!world) return skip()`.

type ClientRow = { id: string; name: string; domain: string };

/** Docker (with the test image), a fresh PostgreSQL database made this process's, two clients, and
 *  this file's container name prefix. After the file: the prefix's containers go, the database
 *  is dropped. */
export type ServicesWorld = { prefix: string; database: Database; alpha: ClientRow; bravo: ClientRow };

export const servicesTest = test.extend(
  "world",
  { scope: "file" },
  async ({}, { onCleanup }): Promise<ServicesWorld | null> => {
    if (!(await requireDocker())) return null;
    const database = await installFreshDatabase("postgres");
    if (!database) return null;
    const prefix = runPrefix();
    onCleanup(async () => {
      await removeByPrefix(prefix);
      await database.close();
    });
    const alpha = await db().client.create({ data: { name: "Alpha Ltd", domain: "alpha.test", status: "active" } });
    const bravo = await db().client.create({ data: { name: "Bravo GmbH", domain: "bravo.test", status: "active" } });
    return { prefix, database, alpha, bravo };
  },
);

/** The test service catalog (every template the local busybox), a fresh PostgreSQL database, a
 *  SUPER_ADMIN, and `made`: the clients a test provisions, whose Docker objects (by label) are
 *  removed after the file; `database` (with its url, for a worker process). Null without PostgreSQL
 *  or Docker (outside CI). */
export type ProvisioningWorld = { admin: Actor; made: string[]; database: Database & { url?: string } };

export const provisioningTest = test.extend(
  "provisioning",
  { scope: "file" },
  async ({}, { onCleanup }): Promise<ProvisioningWorld | null> => {
    useTestCatalog();
    const database = await installFreshDatabase("postgres");
    if (!database) return null;
    const made: string[] = [];
    const docker = await requireDocker();
    onCleanup(async () => {
      if (docker) await removeDockerObjectsOf(made);
      await database.close();
    });
    if (!docker) return null;
    return { admin: await createUserActor({ globalRoles: ["SUPER_ADMIN"] }), made, database };
  },
);
