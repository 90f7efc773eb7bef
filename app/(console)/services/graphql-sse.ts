// A GraphQL subscription over Server-Sent Events with fetch (EventSource cannot send the JSON
// body or the CSRF header). Calls onData for each result until `signal` aborts or the server
// completes the subscription. A live view (reconnect: true, the default) reconnects after a
// dropped connection with a growing pause, so a restarted server resumes by itself; `variables`
// is read at each (re)connect. A subscription that does something (pull an image, run a script)
// passes reconnect: false, so a dropped connection reports an error instead of doing it twice.
// The server closes every stream after its maximum lifetime, and one it could not re-check, with
// an error marked `details.reconnect`: a live view opens a new stream at once, without reporting it
// (the new stream is authorized from scratch; lost rights end it for good with their own error).
// The returned promise settles when the subscription is over.
export type SseError = { code?: string; details?: Record<string, unknown> };

export function subscribeSse<T>(
  query: string,
  variables: () => Record<string, unknown>,
  onData: (data: T) => void,
  signal: AbortSignal,
  onError?: (message: string, error?: SseError) => void,
  { reconnect = true }: { reconnect?: boolean } = {},
): Promise<void> {
  let attempt = 0;
  const run = async () => {
    while (!signal.aborted) {
      try {
        const res = await fetch("/api/graphql", {
          method: "POST",
          signal,
          credentials: "same-origin",
          headers: { "content-type": "application/json", accept: "text/event-stream", "x-graphql-yoga-csrf": "1" },
          body: JSON.stringify({ query, variables: variables() }),
        });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let text = "";
        let resume = false;
        read: while (true) {
          const { value, done } = await reader.read();
          if (done) break;
          attempt = 0;
          text += decoder.decode(value, { stream: true });
          const events = text.split("\n\n");
          text = events.pop() ?? "";
          for (const e of events) {
            if (/^event: complete/m.test(e)) {
              if (resume) break read;
              return;
            }
            const line = e.split("\n").find((l) => l.startsWith("data: "));
            if (!line) continue;
            const body = JSON.parse(line.slice(6)) as {
              data?: T;
              errors?: { message: string; extensions?: SseError }[];
            };
            const error = body.errors?.[0];
            if (error && reconnect && error.extensions?.details?.reconnect === true) resume = true;
            else if (error) onError?.(error.message, error.extensions);
            else if (body.data) onData(body.data);
          }
        }
        if (resume) continue;
        if (!reconnect) throw new Error("The connection ended before the server finished");
      } catch (err) {
        if (signal.aborted) return;
        onError?.((err as Error).message);
        if (!reconnect) return;
      }
      await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** attempt++)));
    }
  };
  return run();
}
