import "server-only";
import type { Actor } from "../auth/actor";
import type { Permission } from "../auth/permissions";
import { requireStepUp } from "../auth/step-up/step-up";
import { config } from "../config";
import { LABEL_MANAGED } from "../docker/labels";
import { AppError } from "../errors";
import { refuse } from "../kit";
import { mayReach } from "./scope";
import type { Service } from "./service";

// Which containers may be controlled by whom (docs/decisions/026-platform-containers.md).
// "managed": made by the product (safe create stamps securenexus.managed=true); client roles and
// DEVELOPER control them within their scope, as their permissions say. "platform": everything
// else on the engine — the console itself, its PostgreSQL and Redis, the socket proxy, Traefik,
// Authentik. Exec into the console or its database is a SUPER_ADMIN in one step (NEXTAUTH_SECRET,
// `UPDATE users SET roles`), so for those: status and logs for whoever may read them, start/stop/
// restart for a SUPER_ADMIN after a step-up, exec for nobody unless ALLOW_PLATFORM_EXEC is on
// (then a SUPER_ADMIN after a step-up). Every door asks this one function.

export type ContainerKind = "managed" | "platform";
export type ServiceOperation = "read" | "logs" | "start" | "stop" | "restart" | "exec";

export const PLATFORM_CONTAINER = "PLATFORM_CONTAINER";

const PERMISSION: Record<ServiceOperation, Permission> = {
  read: "service:read",
  logs: "service:logs",
  start: "service:start",
  stop: "service:stop",
  restart: "service:restart",
  exec: "container:exec",
};

export type AccessDecision =
  | { allowed: true; stepUp: boolean }
  | { allowed: false; reason: string; message: string; details: Record<string, unknown> };

export function containerKindOf(labels: Record<string, string> | null | undefined): ContainerKind {
  return labels?.[LABEL_MANAGED] === "true" ? "managed" : "platform";
}

type Target = Pick<Service, "name" | "clientId" | "labels">;

/** May `actor` do `op` on this container, and does it need a step-up first? */
export function decideServiceAccess(actor: Actor, service: Target, op: ServiceOperation): AccessDecision {
  const permission = PERMISSION[op];
  if (!mayReach(actor, permission, service.clientId)) {
    return {
      allowed: false,
      reason: `missing permission ${permission}`,
      message: `Missing permission ${permission}`,
      details: { permission },
    };
  }
  if (containerKindOf(service.labels) === "managed") return { allowed: true, stepUp: op === "exec" };
  if (op === "read" || op === "logs") return { allowed: true, stepUp: false };
  const platform = (reason: string, message: string): AccessDecision => ({
    allowed: false,
    reason: `platform container: ${reason}`,
    message: `${service.name} is a platform container (not managed by SecureNexus): ${message}`,
    details: { reason: PLATFORM_CONTAINER },
  });
  if (op === "exec") {
    if (!config().ALLOW_PLATFORM_EXEC)
      return platform("exec is turned off", "exec into it is turned off for everyone (ALLOW_PLATFORM_EXEC)");
    if (!mayReach(actor, "platform:exec", null))
      return platform("exec is SUPER_ADMIN only", "only a SUPER_ADMIN may exec into it");
    return { allowed: true, stepUp: true };
  }
  if (!mayReach(actor, "platform:control", null))
    return platform(`${op} is SUPER_ADMIN only`, `only a SUPER_ADMIN may ${op} it`);
  return { allowed: true, stepUp: true };
}

/** The decision enforced: a refusal is audited (`denied`, with its reason) and thrown as
 *  FORBIDDEN; a step-up, when the decision asks for one, is required (and its refusal audited). */
export async function requireServiceAccess(
  actor: Actor,
  service: Target & { id: string },
  op: ServiceOperation,
  auditAction: string,
): Promise<void> {
  const decision = decideServiceAccess(actor, service, op);
  const resource = { type: "service", id: service.id };
  if (!decision.allowed)
    return refuse(
      actor,
      { action: auditAction, resource },
      decision.reason,
      new AppError("FORBIDDEN", decision.message, decision.details),
    );
  if (decision.stepUp) await requireStepUp(actor, { action: auditAction, resource });
}

export type ServiceAccess = {
  managed: boolean;
  actions: ("start" | "stop" | "restart")[];
  exec: boolean;
  logs: boolean;
};

/** What the UI may offer on this container (the domain checks again on every call). */
export function serviceAccessOf(actor: Actor, service: Target): ServiceAccess {
  const ok = (op: ServiceOperation) => decideServiceAccess(actor, service, op).allowed;
  return {
    managed: containerKindOf(service.labels) === "managed",
    actions: (["start", "stop", "restart"] as const).filter(ok),
    exec: ok("exec"),
    logs: ok("logs"),
  };
}
