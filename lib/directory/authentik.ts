import "server-only";
import { Configuration, CoreApi, FetchError, ResponseError, type User } from "@goauthentik/api";
import { AppError } from "../errors";
import { CircuitBreaker, CircuitOpenError, DEFAULT_RESILIENCE, type ResilienceOptions } from "./resilience";
import type { Directory, DirectoryUser, DirectoryUserFilter } from "./types";

// The directory in Authentik, through its official client (core users and groups endpoints).
// Every call has a timeout, is retried on 5xx/timeouts/network errors (never on 4xx) and sits
// behind one circuit breaker per directory; ./health.ts reports the breaker on /health.

/** `now` is the circuit breaker's clock (tests move it instead of waiting out the cool-down). */
export type AuthentikOptions = {
  url: string;
  token: string;
  timeoutMs?: number;
  resilience?: Partial<ResilienceOptions>;
  now?: () => number;
};

/** Authentik's field names → ours, so a 400 names the field the form shows. */
const FIELD = { username: "username", name: "fullName", email: "email", is_active: "isActive" } as Record<
  string,
  string
>;

const isTransient = (err: unknown) =>
  err instanceof FetchError || (err instanceof ResponseError && err.response.status >= 500);

async function toAppError(err: unknown): Promise<unknown> {
  if (err instanceof CircuitOpenError)
    return new AppError("UNAVAILABLE", `Authentik is unavailable (${err.message})`, { circuit: "open" });
  if (err instanceof FetchError)
    return new AppError("UNAVAILABLE", "Authentik did not answer in time", {
      cause: String(err.cause?.message ?? err.message),
    });
  if (!(err instanceof ResponseError)) return err;
  const status = err.response.status;
  if (status === 400) {
    // Authentik (DRF) answers { field: ["message", …], non_field_errors: [...] }.
    const body = (await err.response.json().catch(() => ({}))) as Record<string, unknown>;
    const fields = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [FIELD[k] ?? k, Array.isArray(v) ? v.map(String).join("; ") : String(v)]),
    );
    const summary = Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join("; ");
    return new AppError("VALIDATION", `Invalid input: ${summary || "rejected by Authentik"}`, { fields });
  }
  if (status === 404) return new AppError("NOT_FOUND", "Not found in Authentik");
  // 401/403: our API token lacks the rights. The console's user cannot fix that, an operator
  // can; it is an integration outage (UNAVAILABLE), not the actor's FORBIDDEN (ADR 011).
  if (status === 401 || status === 403)
    return new AppError("UNAVAILABLE", `Authentik refused the API token (HTTP ${status})`, { status });
  return new AppError("UNAVAILABLE", `Authentik answered HTTP ${status}`, { status });
}

const toUser = (u: User): DirectoryUser => ({
  id: String(u.pk),
  username: u.username,
  email: u.email ?? "",
  fullName: u.name,
  isActive: u.isActive ?? true,
  lastLogin: u.lastLogin ?? null,
  groups: (u.groupsObj ?? []).map((g) => ({ id: g.pk, name: g.name })).sort((a, b) => a.name.localeCompare(b.name)),
  subjects: [u.uid, u.uuid, String(u.pk)].filter(Boolean),
});

const userPk = (id: string) => (/^\d+$/.test(id) ? Number(id) : null);
const PAGE = 100;

export class AuthentikDirectory implements Directory {
  readonly kind = "authentik" as const;
  readonly breaker: CircuitBreaker;
  private readonly api: CoreApi;

  constructor(opts: AuthentikOptions) {
    const timeoutMs = opts.timeoutMs ?? 5000;
    this.breaker = new CircuitBreaker({ ...DEFAULT_RESILIENCE, ...opts.resilience }, opts.now);
    this.api = new CoreApi(
      new Configuration({
        basePath: `${opts.url.replace(/\/+$/, "")}/api/v3`,
        accessToken: opts.token,
        // The per-call timeout: each attempt gets its own, so retries are not starved.
        fetchApi: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
      }),
    );
  }

  private async call<T>(fn: (api: CoreApi) => Promise<T>): Promise<T> {
    try {
      return await this.breaker.run(() => fn(this.api), isTransient);
    } catch (err) {
      throw await toAppError(err);
    }
  }

  async listUsers(filter: DirectoryUserFilter, { page, pageSize }: { page: number; pageSize: number }) {
    const query = {
      search: filter.search || undefined,
      isActive: filter.isActive,
      groupsByPk: filter.groupId ? [filter.groupId] : undefined,
      includeGroups: true,
    };
    if (!filter.ids) {
      const res = await this.call((api) => api.coreUsersList({ ...query, page, pageSize, ordering: "username" }));
      return { items: res.results.map(toUser), total: res.pagination.count, hasNextPage: res.pagination.next > 0 };
    }
    // Authentik has no "pk in" filter: a tenant-scoped list walks the pages and keeps its users.
    const ids = new Set(filter.ids);
    const kept: DirectoryUser[] = [];
    for (let p = 1; p > 0;) {
      const res = await this.call((api) =>
        api.coreUsersList({ ...query, page: p, pageSize: PAGE, ordering: "username" }),
      );
      kept.push(...res.results.filter((u) => ids.has(String(u.pk))).map(toUser));
      p = res.pagination.next;
    }
    const start = (page - 1) * pageSize;
    return {
      items: kept.slice(start, start + pageSize),
      total: kept.length,
      hasNextPage: start + pageSize < kept.length,
    };
  }

  async getUser(id: string) {
    const pk = userPk(id);
    if (pk === null) return null;
    try {
      return toUser(await this.call((api) => api.coreUsersRetrieve({ id: pk })));
    } catch (err) {
      if (err instanceof AppError && err.code === "NOT_FOUND") return null;
      throw err;
    }
  }

  async createUser(input: { username: string; email: string; fullName: string; isActive: boolean }) {
    const userRequest = {
      username: input.username,
      email: input.email,
      name: input.fullName,
      isActive: input.isActive,
    };
    return toUser(await this.call((api) => api.coreUsersCreate({ userRequest })));
  }

  async updateUser(id: string, patch: { username?: string; email?: string; fullName?: string; isActive?: boolean }) {
    const pk = userPk(id);
    if (pk === null) throw new AppError("NOT_FOUND", "User not found");
    const patchedUserRequest = {
      username: patch.username,
      email: patch.email,
      name: patch.fullName,
      isActive: patch.isActive,
    };
    return toUser(await this.call((api) => api.coreUsersPartialUpdate({ id: pk, patchedUserRequest })));
  }

  async deleteUser(id: string) {
    const pk = userPk(id);
    if (pk === null) throw new AppError("NOT_FOUND", "User not found");
    await this.call((api) => api.coreUsersDestroy({ id: pk }));
  }

  async listGroups() {
    const out: { id: string; name: string; memberIds: string[] }[] = [];
    for (let p = 1; p > 0;) {
      const res = await this.call((api) => api.coreGroupsList({ page: p, pageSize: PAGE, ordering: "name" }));
      out.push(...res.results.map((g) => ({ id: g.pk, name: g.name, memberIds: (g.users ?? []).map(String) })));
      p = res.pagination.next;
    }
    return out;
  }

  async addUserToGroup(groupId: string, userId: string) {
    const pk = userPk(userId);
    if (pk === null) throw new AppError("NOT_FOUND", "User not found");
    await this.call((api) => api.coreGroupsAddUserCreate({ groupUuid: groupId, userAccountRequest: { pk } }));
  }

  async removeUserFromGroup(groupId: string, userId: string) {
    const pk = userPk(userId);
    if (pk === null) throw new AppError("NOT_FOUND", "User not found");
    await this.call((api) => api.coreGroupsRemoveUserCreate({ groupUuid: groupId, userAccountRequest: { pk } }));
  }
}
