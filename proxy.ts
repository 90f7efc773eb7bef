import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";

// Every page gets a Content-Security-Policy with a nonce of its own. Next reads the nonce from the
// request's CSP header and puts it on its scripts; the theme script reads x-nonce
// (components/theme-script.tsx). docs/decisions/028-http-edge.md
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  // APP_URL straight from the environment: the proxy runs on every page and needs nothing else of
  // lib/config (which reads secrets files); unset means the http default, as config() says.
  const https = (process.env.APP_URL ?? "").startsWith("https:");
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

// Pages and server actions only. Route handlers (API, GraphQL, health, metrics) answer JSON or
// text and skip the proxy, which would also cap their request bodies; static files need no nonce.
export const config = {
  matcher: [
    "/((?!api/|graphql|health|metrics|_next/static|_next/image|icons/|sw\\.js|workbox-|manifest\\.webmanifest|favicon\\.ico).*)",
  ],
};
