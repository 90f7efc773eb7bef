import { config } from "../config";

/**
 * Client IP for rate limits and the audit trail. Route handlers cannot see the socket; `next start`
 * fills x-forwarded-for from it when the client sent none. Behind a proxy (TRUST_PROXY=true) the
 * first entry is the client as the proxy saw it; otherwise only the last entry (the hop nearest
 * to us) is believed, so a client cannot pick its own rate-limit key by sending the header.
 */
export function clientIp(headers: Headers): string | null {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const ip = config().TRUST_PROXY ? (hops[0] ?? headers.get("x-real-ip")) : hops.at(-1);
  return ip ? ip.replace(/^::ffff:/, "") : null;
}

export function requestContext(headers: Headers) {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") };
}
