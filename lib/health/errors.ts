// /health is public: a failed check reports one short line, never a stack, a query, or a
// credential that may sit in a backend URL.
const MAX_LENGTH = 200;

type ErrorLike = {
  code?: unknown;
  message?: unknown;
  cause?: { code?: unknown; message?: unknown };
  meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
};

function firstUsefulLine(message: string): string {
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  // Prisma opens with "Invalid `prisma.x()` invocation:" and puts the reason last.
  return (/^Invalid `.*` invocation/.test(lines[0] ?? "") ? lines.at(-1) : lines[0]) ?? "";
}

export function publicMessage(err: unknown): string {
  const e = (err && typeof err === "object" ? err : { message: String(err) }) as ErrorLike;
  // A Prisma driver adapter names the failure's kind (DatabaseNotReachable, …): enough, and
  // without the query text.
  const kind = e.meta?.driverAdapterError?.cause?.kind;
  let text: string;
  if (typeof kind === "string") text = `database error: ${kind}`;
  else {
    // fetch() says only "fetch failed"; the useful part (ECONNREFUSED …) is in its cause.
    const cause = e.cause && typeof e.cause === "object" ? e.cause : null;
    const parts = [
      typeof e.message === "string" ? firstUsefulLine(e.message) : null,
      cause?.code ?? cause?.message,
    ].filter((p): p is string => typeof p === "string" && p.length > 0);
    text = parts.join(": ") || (typeof e.code === "string" ? e.code : "check failed");
  }
  text = text.replace(/\/\/[^/@\s]*@/g, "//"); // user:password@ in URLs
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
