import "server-only";
import type { Provider } from "next-auth/providers/index";

/** Authentik through OIDC, when AUTHENTIK_ISSUER/CLIENT_ID/CLIENT_SECRET are set. */
export function oidcProviders(): Provider[] {
  return [];
}
