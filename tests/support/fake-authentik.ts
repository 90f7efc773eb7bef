// A FAKE Authentik, for tests only: Authentik itself cannot run on these machines. It serves
// exactly the endpoints lib/directory/authentik.ts and lib/provisioning/authentik-sso.ts use
// (users, groups; flows, OAuth2 providers, applications), with the JSON shapes of the official
// client @goauthentik/api: request bodies are checked with its instanceOf*/ *FromJSON functions,
// answers are built with its *ToJSON functions (plus the read-only fields, which ToJSON omits
// because clients never send them). It is NOT Authentik: flows are listed but never run, no
// policies, no permissions.
import http from "node:http";
import type { AddressInfo } from "node:net";
import crypto from "node:crypto";
import {
  GroupToJSON,
  PaginatedGroupListToJSON,
  PaginatedUserListToJSON,
  PatchedUserRequestFromJSON,
  UserAccountRequestFromJSON,
  UserRequestFromJSON,
  UserToJSON,
  instanceOfUserAccountRequest,
  instanceOfUserRequest,
  type Group,
  type PaginatedGroupList,
  type PaginatedUserList,
  type User,
  ApplicationRequestFromJSON,
  ApplicationToJSON,
  FlowToJSON,
  OAuth2ProviderRequestFromJSON,
  OAuth2ProviderToJSON,
  PaginatedFlowListToJSON,
  PaginatedOAuth2ProviderListToJSON,
  instanceOfApplicationRequest,
  instanceOfOAuth2ProviderRequest,
  type Application,
  type Flow,
  type OAuth2Provider,
  type OAuth2ProviderRequest,
  type PaginatedFlowList,
  type PaginatedOAuth2ProviderList,
} from "@goauthentik/api";

export type FakeFailure = { status: 400; body: Record<string, string[]> } | { status: 403 | 500 | 502 | 503 } | "hang";

type StoredUser = {
  pk: number;
  username: string;
  name: string;
  email: string;
  isActive: boolean;
  lastLogin: Date | null;
};
type StoredGroup = { pk: string; numPk: number; name: string; users: Set<number> };

const paginationOf = (count: number, page: number, size: number) => {
  const totalPages = Math.max(1, Math.ceil(count / size));
  return {
    next: page < totalPages ? page + 1 : 0,
    previous: page > 1 ? page - 1 : 0,
    count,
    current: page,
    totalPages,
    startIndex: count ? (page - 1) * size + 1 : 0,
    endIndex: Math.min(page * size, count),
  };
};

export class FakeAuthentik {
  readonly token = `fake-${crypto.randomBytes(8).toString("hex")}`;
  readonly users = new Map<number, StoredUser>();
  readonly groups = new Map<string, StoredGroup>();
  /** Every request seen, for assertions (method, path with query). */
  readonly requests: { method: string; url: string }[] = [];
  /** Failures to answer with, one per coming request, in order. */
  readonly failures: FakeFailure[] = [];
  /** A failure for the next request matching method and path (then removed). */
  readonly failuresFor: { method: string; path: RegExp; failure: FakeFailure }[] = [];
  /** Flows by slug (Authentik's default provider flows exist, as on a fresh install). */
  readonly flows = new Map<string, { pk: string; slug: string; designation: string }>([
    [
      "default-provider-authorization-implicit-consent",
      {
        pk: crypto.randomUUID(),
        slug: "default-provider-authorization-implicit-consent",
        designation: "authorization",
      },
    ],
    [
      "default-provider-invalidation-flow",
      { pk: crypto.randomUUID(), slug: "default-provider-invalidation-flow", designation: "invalidation" },
    ],
  ]);
  /** OAuth2 providers by pk, applications by slug (provisioning's SSO step). */
  readonly providers = new Map<number, OAuth2ProviderRequest & { pk: number }>();
  readonly applications = new Map<
    string,
    { name: string; slug: string; provider: number | null; metaLaunchUrl?: string }
  >();
  private nextProviderPk = 1;
  private nextPk = 1;
  private server = http.createServer((req, res) => void this.handle(req, res));
  private hanging = new Set<http.ServerResponse>();

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  addUser(u: Partial<StoredUser> & { username: string }): StoredUser {
    const user = {
      pk: this.nextPk++,
      name: u.username,
      email: `${u.username}@example.test`,
      isActive: true,
      lastLogin: null,
      ...u,
    };
    this.users.set(user.pk, user);
    return user;
  }

  addGroup(name: string): StoredGroup {
    const group = { pk: crypto.randomUUID(), numPk: this.groups.size + 1, name, users: new Set<number>() };
    this.groups.set(group.pk, group);
    return group;
  }

  /** A User as Authentik sends it: UserToJSON + the read-only fields. */
  private userJson(u: StoredUser) {
    const groups = [...this.groups.values()].filter((g) => g.users.has(u.pk));
    const model = {
      username: u.username,
      name: u.name,
      email: u.email,
      isActive: u.isActive,
      lastLogin: u.lastLogin,
      groups: groups.map((g) => g.pk),
      roles: [],
      attributes: {},
      path: "users",
      type: "internal",
    } as unknown as User;
    return {
      ...UserToJSON(model),
      pk: u.pk,
      uuid: crypto.createHash("md5").update(String(u.pk)).digest("hex"),
      uid: `uid-${u.pk}`,
      avatar: "",
      date_joined: new Date(0).toISOString(),
      last_updated: new Date(0).toISOString(),
      password_change_date: new Date(0).toISOString(),
      is_superuser: false,
      roles_obj: [],
      groups_obj: groups.map((g) => ({
        pk: g.pk,
        num_pk: g.numPk,
        name: g.name,
        is_superuser: false,
        parents: [],
        attributes: {},
      })),
    };
  }

  private groupJson(g: StoredGroup) {
    const model = {
      name: g.name,
      isSuperuser: false,
      parents: [],
      users: [...g.users],
      attributes: {},
      roles: [],
    } as unknown as Group;
    return {
      ...GroupToJSON(model),
      pk: g.pk,
      num_pk: g.numPk,
      parents_obj: null,
      users_obj: null,
      roles_obj: [],
      inherited_roles_obj: null,
      children: [],
      children_obj: null,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests.push({ method: req.method!, url: req.url! });
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return send(403, { detail: "Authentication credentials were not provided." });
    const pathOnly = req.url!.split("?")[0]!;
    const targeted = this.failuresFor.findIndex((f) => f.method === req.method && f.path.test(pathOnly));
    const failure = targeted >= 0 ? this.failuresFor.splice(targeted, 1)[0]!.failure : this.failures.shift();
    if (failure === "hang") return void this.hanging.add(res);
    if (failure) return send(failure.status, "body" in failure ? failure.body : { detail: "fake failure" });

    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const url = new URL(req.url!, "http://fake");
    const page = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("page_size") ?? 20);
    const path = url.pathname;
    let m: RegExpMatchArray | null;

    if (path === "/api/v3/core/users/" && req.method === "GET") {
      const search = url.searchParams.get("search")?.toLowerCase();
      const active = url.searchParams.get("is_active");
      const groupPk = url.searchParams.get("groups_by_pk");
      const all = [...this.users.values()]
        .filter((u) => !search || `${u.username} ${u.name} ${u.email}`.toLowerCase().includes(search))
        .filter((u) => active === null || String(u.isActive) === active)
        .filter((u) => !groupPk || this.groups.get(groupPk)?.users.has(u.pk))
        .sort((a, b) => a.username.localeCompare(b.username));
      const envelope = PaginatedUserListToJSON({
        pagination: paginationOf(all.length, page, size),
        results: [],
        autocomplete: {},
      } as PaginatedUserList);
      return send(200, {
        ...envelope,
        results: all.slice((page - 1) * size, page * size).map((u) => this.userJson(u)),
      });
    }
    if (path === "/api/v3/core/users/" && req.method === "POST") {
      if (!raw || !instanceOfUserRequest(UserRequestFromJSON(raw)))
        return send(400, { username: ["This field is required."] });
      const body = UserRequestFromJSON(raw);
      if ([...this.users.values()].some((u) => u.username === body.username))
        return send(400, { username: ["This field must be unique."] });
      const user = this.addUser({
        username: body.username,
        name: body.name,
        email: body.email ?? "",
        isActive: body.isActive ?? true,
      });
      return send(201, this.userJson(user));
    }
    if ((m = path.match(/^\/api\/v3\/core\/users\/(\d+)\/$/))) {
      const user = this.users.get(Number(m[1]));
      if (!user) return send(404, { detail: "No User matches the given query." });
      if (req.method === "GET") return send(200, this.userJson(user));
      if (req.method === "DELETE") return (this.users.delete(user.pk), send(204));
      if (req.method === "PATCH") {
        const patch = PatchedUserRequestFromJSON(raw ?? {});
        for (const [k, v] of Object.entries(patch)) if (v !== undefined) Object.assign(user, { [k]: v });
        return send(200, this.userJson(user));
      }
    }
    if (path === "/api/v3/core/groups/" && req.method === "GET") {
      const all = [...this.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
      const envelope = PaginatedGroupListToJSON({
        pagination: paginationOf(all.length, page, size),
        results: [],
        autocomplete: {},
      } as PaginatedGroupList);
      return send(200, {
        ...envelope,
        results: all.slice((page - 1) * size, page * size).map((g) => this.groupJson(g)),
      });
    }
    if (
      (m = path.match(/^\/api\/v3\/core\/groups\/([0-9a-f-]+)\/(add_user|remove_user)\/$/)) &&
      req.method === "POST"
    ) {
      const group = this.groups.get(m[1]!);
      if (!group) return send(404, { detail: "No Group matches the given query." });
      const body = UserAccountRequestFromJSON(raw ?? {});
      if (!instanceOfUserAccountRequest(body) || !this.users.has(body.pk)) return send(400, { pk: ["Invalid user."] });
      if (m[2] === "add_user") group.users.add(body.pk);
      else group.users.delete(body.pk);
      return send(204);
    }
    if (this.handleSso(req.method!, path, url, raw, send, page, size)) return;
    send(404, { detail: `FAKE Authentik does not implement ${req.method} ${path}` });
  }

  /** Flows, OAuth2 providers and applications: what lib/provisioning/authentik-sso.ts calls. */
  private handleSso(
    method: string,
    path: string,
    url: URL,
    raw: unknown,
    send: (status: number, body?: unknown) => void,
    page: number,
    size: number,
  ): boolean {
    let m: RegExpMatchArray | null;
    if (path === "/api/v3/flows/instances/" && method === "GET") {
      const slug = url.searchParams.get("slug");
      const all = [...this.flows.values()].filter((f) => !slug || f.slug === slug);
      const envelope = PaginatedFlowListToJSON({
        pagination: paginationOf(all.length, page, size),
        results: [],
        autocomplete: {},
      } as unknown as PaginatedFlowList);
      const results = all.map((f) => ({
        ...FlowToJSON({ name: f.slug, slug: f.slug, title: f.slug, designation: f.designation } as unknown as Flow),
        pk: f.pk,
        policybindingmodel_pk: f.pk,
        stages: [],
        policies: [],
        cache_count: 0,
        background_url: "",
        export_url: "",
      }));
      return (send(200, { ...envelope, results }), true);
    }
    const providerJson = (p: OAuth2ProviderRequest & { pk: number }) => ({
      ...OAuth2ProviderToJSON({
        ...p,
        redirectUris: p.redirectUris.map((r) => ({ ...r })),
      } as unknown as OAuth2Provider),
      pk: p.pk,
      component: "ak-provider-oauth2-form",
      assigned_application_slug: [...this.applications.values()].find((a) => a.provider === p.pk)?.slug ?? "",
      verbose_name: "OAuth2/OpenID Provider",
      meta_model_name: "authentik_providers_oauth2.oauth2provider",
    });
    if (path === "/api/v3/providers/oauth2/" && method === "GET") {
      const name = url.searchParams.get("name");
      const all = [...this.providers.values()].filter((p) => !name || p.name === name);
      const envelope = PaginatedOAuth2ProviderListToJSON({
        pagination: paginationOf(all.length, page, size),
        results: [],
        autocomplete: {},
      } as unknown as PaginatedOAuth2ProviderList);
      return (send(200, { ...envelope, results: all.map(providerJson) }), true);
    }
    if (path === "/api/v3/providers/oauth2/" && method === "POST") {
      const body = OAuth2ProviderRequestFromJSON(raw ?? {});
      if (!instanceOfOAuth2ProviderRequest(body)) return (send(400, { name: ["This field is required."] }), true);
      if (![...this.flows.values()].some((f) => f.pk === body.authorizationFlow))
        return (send(400, { authorization_flow: ["Invalid pk - object does not exist."] }), true);
      if ([...this.providers.values()].some((p) => p.name === body.name))
        return (send(400, { name: ["provider with this name already exists."] }), true);
      const provider = { ...body, pk: this.nextProviderPk++ };
      this.providers.set(provider.pk, provider);
      return (send(201, providerJson(provider)), true);
    }
    if ((m = path.match(/^\/api\/v3\/providers\/oauth2\/(\d+)\/$/)) && method === "DELETE") {
      return (send(this.providers.delete(Number(m[1])) ? 204 : 404, undefined), true);
    }
    const appJson = (a: { name: string; slug: string; provider: number | null; metaLaunchUrl?: string }) => ({
      ...ApplicationToJSON({
        name: a.name,
        slug: a.slug,
        provider: a.provider,
        metaLaunchUrl: a.metaLaunchUrl,
      } as unknown as Application),
      pk: crypto.createHash("md5").update(a.slug).digest("hex"),
      launch_url: a.metaLaunchUrl ?? null,
      meta_icon: null,
      backchannel_providers_obj: [],
    });
    if (path === "/api/v3/core/applications/" && method === "POST") {
      const body = ApplicationRequestFromJSON(raw ?? {});
      if (!instanceOfApplicationRequest(body)) return (send(400, { slug: ["This field is required."] }), true);
      if (this.applications.has(body.slug))
        return (send(400, { slug: ["Application with this slug already exists."] }), true);
      if (body.provider != null && !this.providers.has(body.provider))
        return (send(400, { provider: ["Invalid pk - object does not exist."] }), true);
      const app = {
        name: body.name,
        slug: body.slug,
        provider: body.provider ?? null,
        metaLaunchUrl: body.metaLaunchUrl,
      };
      this.applications.set(app.slug, app);
      return (send(201, appJson(app)), true);
    }
    if ((m = path.match(/^\/api\/v3\/core\/applications\/([a-z0-9-]+)\/$/))) {
      const app = this.applications.get(m[1]!);
      if (!app) return (send(404, { detail: "No Application matches the given query." }), true);
      if (method === "GET") return (send(200, appJson(app)), true);
      if (method === "DELETE") return (this.applications.delete(app.slug), send(204), true);
    }
    return false;
  }
}
