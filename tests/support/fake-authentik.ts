// A FAKE Authentik, for tests only: Authentik itself cannot run on these machines. It serves
// exactly the endpoints lib/directory/authentik.ts uses, with the JSON shapes of the official
// client @goauthentik/api: request bodies are checked with its instanceOf*/ *FromJSON functions,
// answers are built with its *ToJSON functions (plus the read-only fields, which ToJSON omits
// because clients never send them). It is NOT Authentik: no flows, no policies, no permissions.
import http from "node:http";
import type { AddressInfo } from "node:net";
import crypto from "node:crypto";
import {
  GroupToJSON, PaginatedGroupListToJSON, PaginatedUserListToJSON, PatchedUserRequestFromJSON,
  UserAccountRequestFromJSON, UserRequestFromJSON, UserToJSON, instanceOfUserAccountRequest, instanceOfUserRequest,
  type Group, type PaginatedGroupList, type PaginatedUserList, type User,
} from "@goauthentik/api";

export type FakeFailure = { status: 400; body: Record<string, string[]> } | { status: 403 | 500 | 502 | 503 } | "hang";

type StoredUser = { pk: number; username: string; name: string; email: string; isActive: boolean; lastLogin: Date | null };
type StoredGroup = { pk: string; numPk: number; name: string; users: Set<number> };

const paginationOf = (count: number, page: number, size: number) => {
  const totalPages = Math.max(1, Math.ceil(count / size));
  return {
    next: page < totalPages ? page + 1 : 0, previous: page > 1 ? page - 1 : 0, count, current: page, totalPages,
    startIndex: count ? (page - 1) * size + 1 : 0, endIndex: Math.min(page * size, count),
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
    const user = { pk: this.nextPk++, name: u.username, email: `${u.username}@example.test`, isActive: true, lastLogin: null, ...u };
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
    const model = { username: u.username, name: u.name, email: u.email, isActive: u.isActive, lastLogin: u.lastLogin, groups: groups.map((g) => g.pk), roles: [], attributes: {}, path: "users", type: "internal" } as unknown as User;
    return {
      ...UserToJSON(model),
      pk: u.pk, uuid: crypto.createHash("md5").update(String(u.pk)).digest("hex"), uid: `uid-${u.pk}`, avatar: "",
      date_joined: new Date(0).toISOString(), last_updated: new Date(0).toISOString(), password_change_date: new Date(0).toISOString(),
      is_superuser: false, roles_obj: [],
      groups_obj: groups.map((g) => ({ pk: g.pk, num_pk: g.numPk, name: g.name, is_superuser: false, parents: [], attributes: {} })),
    };
  }

  private groupJson(g: StoredGroup) {
    const model = { name: g.name, isSuperuser: false, parents: [], users: [...g.users], attributes: {}, roles: [] } as unknown as Group;
    return { ...GroupToJSON(model), pk: g.pk, num_pk: g.numPk, parents_obj: null, users_obj: null, roles_obj: [], inherited_roles_obj: null, children: [], children_obj: null };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests.push({ method: req.method!, url: req.url! });
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(403, { detail: "Authentication credentials were not provided." });
    const failure = this.failures.shift();
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
      const envelope = PaginatedUserListToJSON({ pagination: paginationOf(all.length, page, size), results: [], autocomplete: {} } as PaginatedUserList);
      return send(200, { ...envelope, results: all.slice((page - 1) * size, page * size).map((u) => this.userJson(u)) });
    }
    if (path === "/api/v3/core/users/" && req.method === "POST") {
      if (!raw || !instanceOfUserRequest(UserRequestFromJSON(raw))) return send(400, { username: ["This field is required."] });
      const body = UserRequestFromJSON(raw);
      if ([...this.users.values()].some((u) => u.username === body.username)) return send(400, { username: ["This field must be unique."] });
      const user = this.addUser({ username: body.username, name: body.name, email: body.email ?? "", isActive: body.isActive ?? true });
      return send(201, this.userJson(user));
    }
    if ((m = path.match(/^\/api\/v3\/core\/users\/(\d+)\/$/))) {
      const user = this.users.get(Number(m[1]));
      if (!user) return send(404, { detail: "No User matches the given query." });
      if (req.method === "GET") return send(200, this.userJson(user));
      if (req.method === "DELETE") return this.users.delete(user.pk), send(204);
      if (req.method === "PATCH") {
        const patch = PatchedUserRequestFromJSON(raw ?? {});
        for (const [k, v] of Object.entries(patch)) if (v !== undefined) Object.assign(user, { [k]: v });
        return send(200, this.userJson(user));
      }
    }
    if (path === "/api/v3/core/groups/" && req.method === "GET") {
      const all = [...this.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
      const envelope = PaginatedGroupListToJSON({ pagination: paginationOf(all.length, page, size), results: [], autocomplete: {} } as PaginatedGroupList);
      return send(200, { ...envelope, results: all.slice((page - 1) * size, page * size).map((g) => this.groupJson(g)) });
    }
    if ((m = path.match(/^\/api\/v3\/core\/groups\/([0-9a-f-]+)\/(add_user|remove_user)\/$/)) && req.method === "POST") {
      const group = this.groups.get(m[1]!);
      if (!group) return send(404, { detail: "No Group matches the given query." });
      const body = UserAccountRequestFromJSON(raw ?? {});
      if (!instanceOfUserAccountRequest(body) || !this.users.has(body.pk)) return send(400, { pk: ["Invalid user."] });
      if (m[2] === "add_user") group.users.add(body.pk);
      else group.users.delete(body.pk);
      return send(204);
    }
    send(404, { detail: `FAKE Authentik does not implement ${req.method} ${path}` });
  }
}
