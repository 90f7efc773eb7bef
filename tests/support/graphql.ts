import { POST } from "@/app/api/graphql/route";
import type { Actor } from "@/lib/auth/actor";
import { newSecret, sha256 } from "@/lib/auth/tokens/tokens";
import { db } from "@/lib/db";

export const APP_ORIGIN = "http://localhost:3000";

/** Sends one GraphQL request through the real route handler (the same code `next start` runs). */
export async function graphqlRequest(
  query: string,
  opts: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-forwarded-for": "198.51.100.10",
    ...opts.headers,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await POST(
    new Request(`${APP_ORIGIN}/api/graphql`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables: opts.variables }),
    }),
  );
  const body = (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return {
    status: res.status,
    headers: res.headers,
    ...body,
    codes: (body.errors ?? []).map((e) => e.extensions?.code),
  };
}

/** An API token of this actor's user, written as a fixture: making one through createApiToken
 *  needs a step-up (ADR 027), which tests of other things should not have to give. */
export async function tokenFor(actor: Actor): Promise<string> {
  const token = newSecret("snx");
  await db().apiToken.create({
    data: {
      userId: actor.userId,
      name: "test",
      tokenHash: sha256(token),
      prefix: token.slice(0, 12),
      expiresAt: new Date(Date.now() + 86400_000),
    },
  });
  return token;
}
