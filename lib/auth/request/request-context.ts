import { BlockList, isIP } from "node:net";
import { config, type TrustProxy } from "../../config";
import { readPeer, splitHops } from "./peer-address";

/**
 * Client IP for rate limits and the audit trail: the socket's peer, unless TRUST_PROXY names the
 * proxies in front of us (a hop count or their addresses/CIDRs). Then the chain is
 * x-forwarded-for + the peer, and the client is the right-most hop that is not a trusted proxy —
 * entries further left were written by the client and prove nothing.
 * docs/decisions/028-http-edge.md
 */
export function clientIp(headers: Headers): string | null {
  const seen = readPeer(headers);
  if (!seen) return null;
  const chain = [...splitHops(seen.forwarded), ...(seen.peer ? [seen.peer] : [])].map(normalize);
  const ip = pickClient(chain, config().TRUST_PROXY);
  return ip ?? null;
}

export function pickClient(chain: string[], trust: TrustProxy): string | undefined {
  if (chain.length === 0) return undefined;
  if (typeof trust === "number") return chain[Math.max(0, chain.length - 1 - trust)];
  for (let i = chain.length - 1; i >= 0; i--) if (!isTrusted(trust, chain[i]!)) return chain[i];
  return chain[0];
}

function isTrusted(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 6 ? "ipv6" : "ipv4");
}

function normalize(ip: string): string {
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

export function requestContext(headers: Headers) {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") };
}
