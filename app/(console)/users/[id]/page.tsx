import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { isAppError } from "@/lib/errors";
import { listUserDevices, type UserDevices } from "@/lib/users/devices";
import { getUser } from "@/lib/users/list-users";
import { UserActions } from "../user-actions";
import { SignOutEverywhere } from "./sign-out-everywhere";

export const metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const user = await getUser({ actor, id }).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const devices = can(actor, "user:devices") ? await listUserDevices({ actor, id: user.id }) : null;
  return (
    <div className="space-y-4">
      <Link href="/users" className="text-sm underline">
        ← Users
      </Link>
      <h1 className="text-2xl font-semibold">{user.username}</h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Full name</dt>
        <dd>{user.fullName || "—"}</dd>
        <dt className="text-slate-500">Email</dt>
        <dd>{user.email}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd data-testid="user-status">{user.isActive ? "active" : "deactivated"}</dd>
        <dt className="text-slate-500">Last login</dt>
        <dd>
          {user.lastLogin ? (
            <time dateTime={user.lastLogin.toISOString()}>
              {user.lastLogin.toISOString().replace("T", " ").slice(0, 16)} UTC
            </time>
          ) : (
            "never"
          )}
        </dd>
        <dt className="text-slate-500">Roles</dt>
        <dd data-testid="user-roles">{user.roles.join(", ") || "none"}</dd>
        <dt className="text-slate-500">Groups</dt>
        <dd>{user.groups.map((g) => g.name).join(", ") || "none"}</dd>
        <dt className="text-slate-500">Clients</dt>
        <dd>
          {user.clients.length === 0
            ? "none"
            : user.clients.map((c, i) => (
                <span key={c.id}>
                  {i > 0 && ", "}
                  <Link href={`/clients/${c.id}`} className="underline">
                    {c.name}
                  </Link>{" "}
                  ({c.role})
                </span>
              ))}
        </dd>
      </dl>
      {/* called as a function so the page's tree holds its text (tests read it) */}
      {devices && Devices({ devices, id: user.id, username: user.username })}
      {user.id !== actor.userId && (
        <UserActions
          id={user.id}
          username={user.username}
          isActive={user.isActive}
          canUpdate={can(actor, "user:update")}
          canDelete={can(actor, "user:delete")}
        />
      )}
    </div>
  );
}

const when = (d: Date | null) => (d ? `${d.toISOString().replace("T", " ").slice(0, 16)} UTC` : "never");

/** Where the user is signed in and which passkeys they hold (operators only). */
function Devices({ devices, id, username }: { devices: UserDevices; id: string; username: string }) {
  return (
    <section className="space-y-2" aria-label="Devices">
      <h2 className="text-lg font-semibold">Sessions</h2>
      {devices.sessions.length === 0 ? (
        <p className="text-sm text-slate-500">Not signed in anywhere.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {devices.sessions.map((s) => (
            <li key={s.id} className="break-words">
              {`${s.app ? "App" : "Browser"} · ${s.userAgent ?? "unknown device"} · ${s.ipAddress ?? "no address"} · last seen ${when(s.lastSeenAt)}`}
            </li>
          ))}
        </ul>
      )}
      {devices.sessions.length > 0 && <SignOutEverywhere id={id} username={username} />}
      <h2 className="text-lg font-semibold">Passkeys</h2>
      {devices.passkeys.length === 0 ? (
        <p className="text-sm text-slate-500">No passkeys.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {devices.passkeys.map((p) => (
            <li
              key={p.id}
            >{`${p.name} · added ${when(p.createdAt)} · last used ${when(p.lastUsedAt)}${p.revokedAt ? " · revoked" : ""}`}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
