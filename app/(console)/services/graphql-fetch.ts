// One GraphQL operation from the browser (same-origin cookie, Yoga's CSRF header). Resolves with
// `data`, or rejects with the first error's message and code (extensions.code, details).
export type GraphqlFailure = Error & { code?: string; details?: Record<string, unknown> };

export async function graphqlFetch<T>(
  query: string,
  variables: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<T> {
  const res = await fetch("/api/graphql", {
    method: "POST",
    signal,
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-graphql-yoga-csrf": "1" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    data?: T;
    errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
  };
  const first = body.errors?.[0];
  if (first || !body.data) {
    throw Object.assign(new Error(first?.message ?? `HTTP ${res.status}`), {
      code: first?.extensions?.code,
      details: first?.extensions?.details,
    }) as GraphqlFailure;
  }
  return body.data;
}
