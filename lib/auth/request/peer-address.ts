import http from "node:http";
import crypto from "node:crypto";

// Next's route handlers never see the socket. Its server writes the peer address into
// x-forwarded-for only when the request has none (`??=` in next/dist/server/base-server.js,
// Next 16.4): a client that sends the header itself chooses "its" address. So the Node server
// of this process records the socket address of every request in a header whose name is
// random per process (a client cannot send it), next to the x-forwarded-for it arrived with.
// docs/decisions/028-http-edge.md

const g = globalThis as { __snxPeerHeader?: string };

/** The header name, or undefined when this process serves no HTTP through Node (in-process tests). */
export function peerHeaderName(): string | undefined {
  return g.__snxPeerHeader;
}

/** Installed once, from instrumentation.ts, before Next hands any request to a route. */
export function recordPeerAddresses(): void {
  if (g.__snxPeerHeader) return;
  const name = `x-snx-peer-${crypto.randomBytes(16).toString("hex")}`;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithPeer(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const forwarded = req.headers["x-forwarded-for"];
      req.headers[name] =
        `${req.socket.remoteAddress ?? ""};${Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")}`;
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(
      this,
      event,
      ...args,
    );
  } as typeof emit;
  g.__snxPeerHeader = name;
}

/** What the socket saw: the peer and the x-forwarded-for the request came with. */
export function readPeer(headers: Headers): { peer: string | undefined; forwarded: string } | null {
  const name = peerHeaderName();
  if (!name) {
    // No recorder (route handlers called in-process): the last hop stands for the socket, as Next
    // sets it for a request that came without the header.
    const hops = splitHops(headers.get("x-forwarded-for"));
    return { peer: hops.pop(), forwarded: hops.join(",") };
  }
  const value = headers.get(name);
  // arrived while the server was still starting, before the recorder: nothing to believe
  if (value === null) return null;
  const cut = value.indexOf(";");
  return { peer: value.slice(0, cut) || undefined, forwarded: value.slice(cut + 1) };
}

export function splitHops(value: string | null): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
