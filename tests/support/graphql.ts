import { POST } from "@/app/api/graphql/route";
import { createApiToken } from "@/lib/auth/api-tokens";
import type { Actor } from "@/lib/auth/actor";

export const APP_ORIGIN = "http://localhost:3000";

/** Sends one GraphQL request through the real route handler (the same code `next start` runs). */
export async function graphqlRequest(query: string, opts: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": "198.51.100.10", ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await POST(new Request(`${APP_ORIGIN}/api/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables: opts.variables }) }));
  const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: res.status, headers: res.headers, ...body, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

export async function tokenFor(actor: Actor): Promise<string> {
  return (await createApiToken({ actor, name: "test", expiresInDays: 1 })).token;
}
