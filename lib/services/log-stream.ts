import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "../auth/actor";
import { whileAllowed } from "../auth/request/stream-rights";
import { inspectContainer } from "../docker/containers";
import { followContainerLogs } from "../docker/log-follow";
import { findService } from "./list-services";
import { mayReach } from "./scope";
import { parseInput } from "../kit";

export type LogEntry = { serviceId: string; stream: "STDOUT" | "STDERR"; message: string; timestamp: Date | null };

const input = z.object({ since: z.date().optional(), tail: z.number().int().min(0).max(1000).default(100) });

/** Follows a service's log for as long as `signal` lives and the viewer keeps `service:logs` on
 *  the service's client (re-checked while it runs: lib/auth/request/stream-rights.ts). Scope as for
 *  reading the service (another tenant's id is NOT_FOUND). */
export async function* streamServiceLogs({
  actor,
  id,
  since,
  tail,
  signal,
}: {
  actor: Actor;
  id: string;
  since?: Date | null;
  tail?: number | null;
  signal?: AbortSignal;
}): AsyncGenerator<LogEntry> {
  requirePermission(actor, "service:logs");
  const parsed = parseInput(input, { since: since ?? undefined, tail: tail ?? undefined });
  const service = await findService(actor, id, "service:logs");
  const ref = { host: service.host, containerId: service.id };
  const info = await inspectContainer(ref);
  yield* whileAllowed({
    actor,
    signal,
    allowed: (a) => mayReach(a, "service:logs", service.clientId),
    open: async function* (live) {
      const lines = await followContainerLogs(ref, {
        tty: Boolean(info?.Config?.Tty),
        since: parsed.since,
        tail: parsed.tail,
        signal: live.signal,
      });
      for await (const l of lines) {
        yield {
          serviceId: service.id,
          stream: l.stream === "stderr" ? "STDERR" : "STDOUT",
          message: l.message,
          timestamp: l.timestamp,
        };
      }
    },
  });
}
