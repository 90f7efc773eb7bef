import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest, tokenFor } from "../support/graphql";
import { countStatements } from "../support/sql-statements";
import { db, type Database } from "@/lib/db";

// No N+1 in the clients list (issue 6 item 7): `clients` with each client's service and user
// counts sends the same number of SQL statements for 50 clients as for 5, for a SUPER_ADMIN
// (every client) and for a client user who belongs to all of them (scope by id list).
const LIST = "{ clients { id name status billing { plan } serviceCount userCount } }";

async function addClients(from: number, to: number, members: string[]) {
  const ids: string[] = [];
  for (let i = from; i < to; i++) {
    const c = await db().client.create({
      data: {
        name: `Client ${String(i).padStart(2, "0")}`,
        domain: `c${i}.example.test`,
        status: "active",
        metadata: { billing: { plan: "pro", price: 10, currency: "EUR" } },
      },
    });
    await db().userClient.createMany({ data: members.map((userId) => ({ userId, clientId: c.id, role: "user" })) });
    ids.push(c.id);
  }
  return ids;
}

describe.each(ENGINES)("clients list statements on %s", (engine) => {
  let d: Database | null;
  beforeAll(async () => {
    d = await installFreshDatabase(engine);
  });
  afterAll(async () => d?.close());

  it("sends as many statements for 50 clients as for 5", async (context) => {
    if (!d) return context.skip();
    const root = await createUserActor({ globalRoles: ["SUPER_ADMIN"] });
    const [first] = await addClients(0, 1, []);
    const member = await createUserActor({ clients: [{ clientId: first!, role: "user" }] });
    await addClients(1, 5, [member.userId]);
    const tokens = { root: await tokenFor(root), member: await tokenFor(member) };
    // The first request of a token records its last use (once a minute): warm both up.
    for (const t of Object.values(tokens)) await graphqlRequest(LIST, { token: t });

    const measure = async (token: string) => {
      const { result, statements } = await countStatements(() => graphqlRequest(LIST, { token }));
      expect(result.errors).toBeUndefined();
      return { clients: result.data!.clients as { userCount: number }[], statements };
    };
    const five = { root: await measure(tokens.root), member: await measure(tokens.member) };
    await addClients(5, 50, [member.userId]);
    const fifty = { root: await measure(tokens.root), member: await measure(tokens.member) };

    for (const who of ["root", "member"] as const) {
      expect(five[who].clients).toHaveLength(5);
      expect(fifty[who].clients).toHaveLength(50);
      expect(fifty[who].clients.every((c) => c.userCount === 1)).toBe(true);
      expect(fifty[who].statements.length, `${who}: ${fifty[who].statements.join("\n")}`).toBe(
        five[who].statements.length,
      );
      expect(five[who].statements.length).toBeGreaterThan(0);
    }
  });
});
