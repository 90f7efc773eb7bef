import Link from "next/link";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { directory } from "@/lib/directory";
import { listGroups } from "@/lib/users/groups";
import { NewGroupForm } from "./group-forms";

export const metadata = { title: "Groups" };

export default async function GroupsPage() {
  const actor = await requireActor();
  if (!can(actor, "group:read")) return <p>Your role does not see groups.</p>;
  const groups = await listGroups({ actor });
  const local = directory().kind === "local";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Groups</h1>
      <p className="text-sm text-slate-500">
        A group&apos;s name decides the role of its members through the group mapping.{" "}
        {local ? "Groups live in the local directory." : "Groups live in Authentik; make new ones there."}
      </p>
      {local && can(actor, "group:write") && <NewGroupForm />}
      {groups.length === 0 ? (
        <p data-testid="groups-empty">No groups yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {groups.map((g) => (
            <li key={g.id} data-testid="group-row" className="flex flex-wrap items-center gap-2 py-2">
              <Link href={`/groups/${g.id}`} className="font-medium underline">
                {g.name}
              </Link>
              <span className="text-sm text-slate-500">
                {g.members.length} {g.members.length === 1 ? "member" : "members"}
              </span>
              <span className="text-sm text-slate-500">
                {g.permissions.length ? `${g.permissions.length} permissions` : "no role"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
