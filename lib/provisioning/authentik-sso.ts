import "server-only";
import {
  Configuration,
  CoreApi,
  FlowsApi,
  ProvidersApi,
  ResponseError,
  type OAuth2ProviderRequest,
} from "@goauthentik/api";
import { AppError } from "../errors";

// A client's single sign-on in Authentik (official client @goauthentik/api): one OAuth2/OIDC
// provider and one application per client, found by their deterministic names first, so a
// resumed step never makes a second one. Flows are looked up by Authentik's default slugs.

export type AuthentikTarget = { url: string; token: string };
export const AUTHORIZATION_FLOW = "default-provider-authorization-implicit-consent";
export const INVALIDATION_FLOW = "default-provider-invalidation-flow";

function apis(t: AuthentikTarget) {
  const configuration = new Configuration({
    basePath: `${t.url.replace(/\/+$/, "")}/api/v3`,
    accessToken: t.token,
    fetchApi: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(10_000) }),
  });
  return {
    core: new CoreApi(configuration),
    providers: new ProvidersApi(configuration),
    flows: new FlowsApi(configuration),
  };
}

async function asAppError(err: unknown, what: string): Promise<AppError> {
  if (err instanceof AppError) return err;
  if (err instanceof ResponseError) {
    const body = await err.response.text().catch(() => "");
    return new AppError(
      "UNAVAILABLE",
      `Authentik refused to ${what} (HTTP ${err.response.status}) ${body.slice(0, 300)}`.trim(),
    );
  }
  return new AppError("UNAVAILABLE", `Authentik could not be reached to ${what}: ${(err as Error).message}`);
}

const notFound = (err: unknown) => err instanceof ResponseError && err.response.status === 404;

async function flowPk(a: ReturnType<typeof apis>, slug: string): Promise<string> {
  const res = await a.flows.flowsInstancesList({ slug });
  const flow = res.results[0];
  if (!flow) throw new AppError("UNAVAILABLE", `Authentik has no flow with slug ${slug}`);
  return flow.pk;
}

export type ClientSso = { applicationSlug: string; providerPk: number; clientId: string };

export async function ensureClientSso(
  t: AuthentikTarget,
  o: { slug: string; name: string; launchUrl: string; hosts: string[]; clientSecret: string },
): Promise<ClientSso> {
  const a = apis(t);
  try {
    let provider = (await a.providers.providersOauth2List({ name: o.slug })).results[0];
    if (!provider) {
      const request: OAuth2ProviderRequest = {
        name: o.slug,
        clientId: o.slug,
        clientSecret: o.clientSecret,
        clientType: "confidential",
        authorizationFlow: await flowPk(a, AUTHORIZATION_FLOW),
        invalidationFlow: await flowPk(a, INVALIDATION_FLOW),
        redirectUris: o.hosts.map((h) => ({
          matchingMode: "regex" as const,
          url: `^https://${h.replace(/\./g, "\\.")}/.*$`,
        })),
      };
      provider = await a.providers.providersOauth2Create({ oAuth2ProviderRequest: request });
    }
    try {
      await a.core.coreApplicationsRetrieve({ slug: o.slug });
    } catch (err) {
      if (!notFound(err)) throw err;
      await a.core.coreApplicationsCreate({
        applicationRequest: { name: o.name, slug: o.slug, provider: provider.pk, metaLaunchUrl: o.launchUrl },
      });
    }
    return { applicationSlug: o.slug, providerPk: provider.pk, clientId: provider.clientId ?? o.slug };
  } catch (err) {
    throw await asAppError(err, "set up the client's application");
  }
}

/** Removes the application and provider; what is already gone is fine. */
export async function removeClientSso(
  t: AuthentikTarget,
  slug: string,
): Promise<{ application: boolean; provider: boolean }> {
  const a = apis(t);
  try {
    let application = true;
    await a.core.coreApplicationsDestroy({ slug }).catch((err) => {
      if (notFound(err)) application = false;
      else throw err;
    });
    const provider = (await a.providers.providersOauth2List({ name: slug })).results[0];
    if (provider) await a.providers.providersOauth2Destroy({ id: provider.pk });
    return { application, provider: Boolean(provider) };
  } catch (err) {
    throw await asAppError(err, "remove the client's application");
  }
}
