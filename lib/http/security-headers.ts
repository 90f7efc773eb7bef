// The console's own security headers (docs/decisions/028-http-edge.md): they do not depend on a
// proxy in front of it. proxy.ts sends the per-request ones with every page; next.config.ts the
// fixed ones with every response.

/** A fresh nonce per page: 128 random bits. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * Scripts run only with this request's nonce (Next puts it on its own scripts and the theme script
 * reads it); 'strict-dynamic' lets those load their chunks. Styles may be inline: React style
 * attributes need it and a style cannot run code. `dev` adds 'unsafe-eval' for React's dev tools.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Sent with every page when the console is served over https (APP_URL): two years, subdomains too. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** Sent with every response (next.config.ts). Passkeys (publickey-credentials-*) stay allowed for this origin. */
export const FIXED_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), publickey-credentials-get=(self), publickey-credentials-create=(self)",
  },
];
