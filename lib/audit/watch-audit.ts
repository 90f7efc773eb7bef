import "server-only";
import { can, requirePermission, type Actor } from "../auth/actor";
import { whileAllowed } from "../auth/request/stream-rights";
import { iterate, type EventTopics } from "../events";

export type AuditEvent = EventTopics["audit.created"];

/** New audit rows as they are written, filtered as auditLogs is: the viewer's own actions, or
 *  every row with audit:read:all, both asked of the re-checked viewer; the stream closes
 *  (FORBIDDEN) when the viewer loses audit:read (lib/auth/request/stream-rights.ts). */
export async function* watchAuditLog({
  actor,
  signal,
}: {
  actor: Actor;
  signal?: AbortSignal;
}): AsyncGenerator<AuditEvent> {
  requirePermission(actor, "audit:read");
  yield* whileAllowed({
    actor,
    signal,
    allowed: (a) => can(a, "audit:read"),
    open: async function* (live) {
      for await (const e of iterate("audit.created", live.signal)) {
        if (can(live.actor(), "audit:read:all") || e.userId === actor.userId) yield e;
      }
    },
  });
}
