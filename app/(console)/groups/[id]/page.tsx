import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { isAppError } from "@/lib/errors";
import { getGroup } from "@/lib/users/groups";
import { listUsers } from "@/lib/users/list-users";
import { AddMemberForm, RemoveMemberButton } from "../group-forms";

export const metadata = { title: "Group" };

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  if (!can(actor, "group:read")) return <p>Your role does not see groups.</p>;
  const group = await getGroup({ actor, id }).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const manage = can(actor, "group:write");
  const members = new Set(group.members.map((m) => m.id));
  const candidates = manage ? (await listUsers({ actor })).filter((u) => !members.has(u.id)) : [];
  return (
    <div className="space-y-4">
      <Link href="/groups" className="text-sm underline">
        ← Groups
      </Link>
      <h1 className="text-2xl font-semibold">{group.name}</h1>
      <section className="space-y-1">
        <h2 className="font-medium">Permissions</h2>
        {group.permissions.length === 0 ? (
          <p className="text-sm text-slate-500">None: this name maps to no role.</p>
        ) : (
          <ul data-testid="group-permissions" className="flex flex-wrap gap-1">
            {group.permissions.map((p) => (
              <li key={p} className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">
                {p}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-2">
        <h2 className="font-medium">Members</h2>
        {group.members.length === 0 ? (
          <p data-testid="members-empty" className="text-sm">
            No members.
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {group.members.map((m) => (
              <li key={m.id} data-testid="member-row" className="flex flex-wrap items-center gap-2 py-1">
                <Link href={`/users/${m.id}`} className="underline">
                  {m.username}
                </Link>
                <span className="text-sm text-slate-500">{m.fullName || m.email}</span>
                {manage && (
                  <span className="ml-auto">
                    <RemoveMemberButton groupId={group.id} userId={m.id} username={m.username} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {manage && (
          <AddMemberForm groupId={group.id} candidates={candidates.map((u) => ({ id: u.id, username: u.username }))} />
        )}
      </section>
    </div>
  );
}
