import Link from "next/link";
import { can, clientScope } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { listClients } from "@/lib/clients/list-clients";
import { directory } from "@/lib/directory";
import { listGroups } from "@/lib/users/groups";
import { listUsers } from "@/lib/users/list-users";
import { NewUserForm } from "./new-user-form";
import { UserActions } from "./user-actions";

export const metadata = { title: "Users" };

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";
type Search = { q?: string; group?: string; client?: string; active?: string };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { q, group, client, active } = await searchParams;
  const actor = await requireActor();
  if (!can(actor, "user:read")) return <p>Your role does not manage users.</p>;
  const activeFilter = active === "true" ? true : active === "false" ? false : undefined;
  const [users, clients, groups] = await Promise.all([
    listUsers({
      actor,
      filter: { search: q || undefined, group: group || undefined, client: client || undefined, active: activeFilter },
    }),
    listClients({ actor }),
    can(actor, "group:read") ? listGroups({ actor }) : Promise.resolve([]),
  ]);
  const creatable = clientScope(actor, "user:create");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Users</h1>
      <p className="text-sm text-slate-500">
        Directory: {directory().kind === "authentik" ? "Authentik" : "local accounts"}
      </p>
      {can(actor, "user:create") && (
        <NewUserForm
          clients={creatable === "all" ? clients : clients.filter((c) => creatable.includes(c.id))}
          clientRequired={creatable !== "all"}
          localPasswords={directory().kind === "local"}
        />
      )}
      <form className="flex flex-wrap gap-2">
        <input name="q" defaultValue={q} placeholder="Search name, username or email" className={input} />
        {groups.length > 0 && (
          <select name="group" defaultValue={group ?? ""} aria-label="Group" className={input}>
            <option value="">Any group</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
        <select name="client" defaultValue={client ?? ""} aria-label="Client" className={input}>
          <option value="">Any client</option>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <select name="active" defaultValue={active ?? ""} aria-label="Active" className={input}>
          <option value="">Active or not</option>
          <option value="true">Active</option>
          <option value="false">Deactivated</option>
        </select>
        <button className="rounded-md border border-slate-300 px-3 py-1 dark:border-slate-700">Filter</button>
      </form>
      {users.length === 0 ? (
        <p data-testid="users-empty">No users{q || group || client || active ? " match this filter" : " yet"}.</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {users.map((u) => (
            <li key={u.id} data-testid="user-row" className="flex flex-wrap items-center gap-2 py-2">
              <Link href={`/users/${u.id}`} className="font-medium underline">
                {u.username}
              </Link>
              <span className="text-slate-500">{u.fullName || u.email}</span>
              {!u.isActive && <span className="rounded bg-slate-200 px-1 text-xs dark:bg-slate-800">deactivated</span>}
              <span className="text-sm text-slate-500">{u.roles.join(", ") || "no role"}</span>
              <span className="ml-auto">
                <UserActions
                  id={u.id}
                  username={u.username}
                  isActive={u.isActive}
                  canUpdate={can(actor, "user:update") && u.id !== actor.userId}
                  canDelete={can(actor, "user:delete") && u.id !== actor.userId}
                />
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
