import { describe, expect } from "vitest";
import { servicesTest as it, type ServicesWorld } from "../support/fixtures";
import { createUserActor } from "../support/actors";
import { APP_ORIGIN, tokenFor } from "../support/graphql";
import { POST } from "@/app/api/graphql/route";
import { createTicker, waitForTicks } from "../support/services-fixtures";

// logStream over GraphQL (SSE) against a real container: the tail, then new lines as they are
// written, stdout and stderr marked; another client's container is NOT_FOUND.
describe("logStream", () => {
  let w: ServicesWorld | null = null;
  let prefix: string;
  let token: string;
  let a1: string, b1: string;

  it.beforeAll(async ({ world }) => {
    if (!(w = world)) return;
    prefix = w.prefix;
    const a = w.alpha;
    const b = w.bravo;
    token = await tokenFor(await createUserActor({ clients: [{ clientId: a.id, role: "user" }] }));
    a1 = await createTicker(`${prefix}alpha`, { clientId: a.id });
    b1 = await createTicker(`${prefix}bravo`, { clientId: b.id });
    await Promise.all([waitForTicks(a1, 3), waitForTicks(b1, 3)]); // a few ticks to tail
  });

  const subscribe = (query: string, signal?: AbortSignal) =>
    POST(
      new Request(`${APP_ORIGIN}/api/graphql`, {
        method: "POST",
        signal,
        headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      }),
    );

  it("follows A's container: the tail first, then live lines, stdout and stderr marked", async ({ skip }) => {
    if (!w) return skip();
    const abort = new AbortController();
    const res = await subscribe(
      `subscription { logStream(serviceId: "${a1}", tail: 2) { serviceId stream message timestamp } }`,
      abort.signal,
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const entries: { serviceId: string; stream: string; message: string; timestamp: string }[] = [];
    let text = "";
    const deadline = Date.now() + 8000;
    const started = Date.now();
    // The tail is 2 lines (one tick, one oops); a ticker writes 2 lines a second, so 6 lines
    // means at least 4 arrived live.
    while (entries.length < 6 && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
      ]);
      if (!chunk || chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
      const events = text.split("\n\n");
      text = events.pop() ?? "";
      for (const e of events) {
        const data = e.split("\n").find((l) => l.startsWith("data: "));
        const entry =
          data && (JSON.parse(data.slice(6)) as { data?: { logStream: (typeof entries)[number] } }).data?.logStream;
        if (entry) entries.push(entry);
      }
    }
    abort.abort();
    expect(entries.length).toBeGreaterThanOrEqual(6);
    expect(Date.now() - started).toBeGreaterThan(1000); // not all from the tail
    expect(entries.every((e) => e.serviceId === a1)).toBe(true);
    expect(entries.filter((e) => e.stream === "STDOUT").every((e) => e.message === "tick")).toBe(true);
    expect(entries.filter((e) => e.stream === "STDERR").every((e) => e.message === "oops")).toBe(true);
    expect(entries.some((e) => e.stream === "STDERR")).toBe(true);
    for (const e of entries) expect(Math.abs(Date.parse(e.timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it("another client's container is NOT_FOUND", async ({ skip }) => {
    if (!w) return skip();
    const body = await (await subscribe(`subscription { logStream(serviceId: "${b1}") { message } }`)).text();
    expect(body).toContain("NOT_FOUND");
    expect(body).not.toContain("tick");
  });
});
