import { APP_ORIGIN, graphqlRequest } from "../../support/graphql";
import { POST } from "@/app/api/graphql/route";

// How the suite reaches a field: queries and mutations through graphqlRequest, subscriptions
// as Server-Sent Events through the same route handler `next start` runs.

export type Op = { query: string; variables?: Record<string, unknown> };
export type Answer = { data: unknown; codes: (string | undefined)[]; text: string };

export async function callOnce(op: Op, token: string): Promise<Answer> {
  const res = await graphqlRequest(op.query, { token, variables: op.variables });
  return { data: res.data ?? null, codes: res.codes, text: JSON.stringify({ data: res.data, errors: res.errors }) };
}

/** An open subscription: `text` grows as events arrive; `codes` holds the error codes seen. */
export class Stream {
  text = "";
  codes: (string | undefined)[] = [];
  ended = false;
  private abort = new AbortController();
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;

  static async open(op: Op, token: string): Promise<Stream> {
    const s = new Stream();
    const res = await POST(
      new Request(`${APP_ORIGIN}/api/graphql`, {
        method: "POST",
        signal: s.abort.signal,
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${token}`,
          "x-forwarded-for": "198.51.100.30",
        },
        body: JSON.stringify(op),
      }),
    );
    if (!res.body || !(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
      // Refused before streaming (edge scope, rate limit): a plain JSON answer.
      s.take(await res.text());
      s.ended = true;
      return s;
    }
    s.reader = res.body.getReader();
    return s;
  }

  /** Reads for up to `ms` (less when `until` holds). One read in flight at a time: a read
   *  abandoned to a timeout would swallow its chunk. */
  async read(ms: number, until: () => boolean = () => false) {
    const deadline = Date.now() + ms;
    while (this.reader && !this.ended && !until() && Date.now() < deadline) {
      this.pending ??= this.reader.read();
      const chunk = await Promise.race([this.pending, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
      if (!chunk) continue;
      this.pending = null;
      if (chunk.done) this.ended = true;
      else this.take(new TextDecoder().decode(chunk.value));
    }
  }

  private take(text: string) {
    this.text += text;
    for (const m of text.matchAll(/"code":"([A-Z_]+)"/g)) this.codes.push(m[1]);
  }

  close() {
    this.abort.abort();
  }
}
