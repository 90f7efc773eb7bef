import type { FullConfig } from "@playwright/test";
import { OIDC_PORT } from "../../playwright.config";
import { startOidcProvider } from "./support/oidc-provider";

// Starts what the e2e tests need besides the app: the OpenID provider standing in for Authentik
// (the app's AUTHENTIK_ISSUER points at it, see playwright.config.ts). Returns the teardown.
export default async function globalSetup(config: FullConfig) {
  const appUrl = config.projects[0]?.use.baseURL;
  if (!appUrl) throw new Error("playwright.config.ts: use.baseURL is not set");
  const oidc = await startOidcProvider({ port: OIDC_PORT, appUrl });
  console.info(`[e2e] OpenID provider at ${oidc.issuer}`);
  return () => oidc.close();
}
