import { currentSessionId, requireActor } from "@/lib/auth/request/current-actor";
import { listMySessions } from "@/lib/auth/session/sessions-admin";
import { SessionList } from "./session-list";

export const metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const actor = await requireActor();
  const sessions = await listMySessions({ actor, currentSessionId: await currentSessionId() });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Sessions</h1>
      <p className="text-sm text-slate-500">
        Every device signed in as you: browsers and apps using refresh tokens. Sign out one you do not recognise.
      </p>
      <SessionList
        sessions={sessions.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
        }))}
      />
    </div>
  );
}
