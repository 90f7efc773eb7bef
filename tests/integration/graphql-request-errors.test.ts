import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installFreshDatabase } from "../support/db";
import { createUserActor } from "../support/actors";
import { graphqlRequest as send, tokenFor } from "../support/graphql";
import type { Database } from "@/lib/db";

// GraphQL's own request errors (syntax, validation, variable coercion) reach the caller as
// graphql-js words them — message, locations, HTTP 400 — once per problem; only unexpected
// exceptions are masked as "Unexpected error." (issue 11 item 11). The status is graphql-yoga's
// default under the GraphQL-over-HTTP spec: 400 for a caller that accepts
// application/graphql-response+json (a plain application/json caller gets 200 with the errors).
describe("GraphQL request errors say what went wrong", () => {
  let d: Database | null;
  let token: string;
  beforeAll(async () => {
    d = await installFreshDatabase("pglite");
    token = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
  });
  afterAll(async () => d?.close());

  const graphqlRequest = (query: string, opts: NonNullable<Parameters<typeof send>[1]>) =>
    send(query, { ...opts, headers: { accept: "application/graphql-response+json" } });
  const expectRequestError = (res: Awaited<ReturnType<typeof send>>, pattern: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.errors?.length).toBe(1);
    expect(res.errors?.[0]?.message).toMatch(pattern);
    expect(res.codes).not.toContain("INTERNAL");
    expect(JSON.stringify(res.errors)).not.toContain("Unexpected error");
  };

  it("a syntax error names the problem and where", async () => {
    const res = await graphqlRequest("{ me { id ", { token });
    expectRequestError(res, /Syntax Error/);
    expect((res.errors?.[0] as { locations?: unknown[] }).locations?.length).toBe(1);
  });

  it("an unknown field is a validation error naming it", async () => {
    expectRequestError(
      await graphqlRequest("{ me { shoeSize } }", { token }),
      /Cannot query field "shoeSize" on type "Viewer"/,
    );
  });

  it("an enum value that does not exist, given inline, names the value and the enum", async () => {
    const res = await graphqlRequest(
      'mutation { addClientUser(clientId: "00000000-0000-4000-8000-000000000000", input: { user: "x", role: CLIENT_USER }) { userId } }',
      { token },
    );
    expectRequestError(res, /CLIENT_USER.*ClientUserRole/s);
  });

  it("a variable of the wrong shape names the variable and the problem", async () => {
    const res = await graphqlRequest(
      "mutation($c: ID!, $i: AddClientUserInput!) { addClientUser(clientId: $c, input: $i) { userId } }",
      {
        token,
        variables: { c: "00000000-0000-4000-8000-000000000000", i: { user: "x", role: "CLIENT_USER" } },
      },
    );
    expectRequestError(res, /Variable "\$i".*CLIENT_USER/s);
  });

  it("an unknown input field in a variable is named", async () => {
    const res = await graphqlRequest(
      "mutation($c: ID!, $i: AddClientUserInput!) { addClientUser(clientId: $c, input: $i) { userId } }",
      {
        token,
        variables: { c: "00000000-0000-4000-8000-000000000000", i: { user: "x", role: "USER", colour: "red" } },
      },
    );
    expectRequestError(res, /Variable "\$i".*"colour"/s);
  });

  it("a missing required variable is named", async () => {
    const res = await graphqlRequest("query($id: ID!) { client(id: $id) { id } }", { token, variables: {} });
    expectRequestError(res, /Variable "\$id" of required type "ID!" was not provided/);
  });
});
