import "server-only";
import { can, type Actor } from "../auth/actor";
import { audited, auditDenied } from "../audit/audited";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { reachClient, publishStatus } from "./access";
import { clientContainers } from "./client-containers";
import { select, type ClientRow } from "./list-clients";
import { composeMetadata, createSchema, parse, updateSchema } from "./validate";
import { parseRunInput, startProvisioning } from "../provisioning/provisioning";

type Tx = Prisma.TransactionClient;

/** CONFLICT when another client holds the domain. clients.domain is UNIQUE over every row, so
 *  a deleted client keeps its domain until it is purged (docs/decisions/012-clients.md). */
async function assertDomainFree(tx: Tx, domain: string, exceptId?: string) {
  const holder = await tx.client.findFirst({ where: { domain, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { name: true, deletedAt: true } });
  if (!holder) return;
  const message = holder.deletedAt
    ? `Domain ${domain} still belongs to a deleted client (kept until it is purged)`
    : `Domain ${domain} is already used by client ${holder.name}`;
  throw new AppError("CONFLICT", message, { fields: { domain: message } });
}

/** A concurrent insert can pass the check above; the UNIQUE index is the final word. */
function asConflict(err: unknown, domain: string): unknown {
  return (err as { code?: string }).code === "P2002" ? new AppError("CONFLICT", `Domain ${domain} is already used by another client`) : err;
}

/** Creates a client. With `services` it is 'provisioning' and its provisioning run and job are
 *  created in the same transaction (docs/decisions/019-provisioning.md); without, it is a bare
 *  client, 'active' at once. */
export async function createClient({ actor, input }: { actor: Actor; input: unknown }): Promise<ClientRow> {
  if (!can(actor, "client:create")) {
    await auditDenied(actor, "client.create", { type: "client" }, "missing permission client:create");
    throw new AppError("FORBIDDEN", "Missing permission client:create", { permission: "client:create" });
  }
  const client = await audited(actor, "client.create", { type: "client" }, async (tx) => {
    const data = parse(createSchema, input);
    const provisioning = data.services === undefined ? null : parseRunInput({ services: data.services, plan: data.plan, branding: data.branding });
    const metadata = composeMetadata({ ...(data.metadata ?? {}), ...(provisioning?.plan ? { plan: provisioning.plan } : {}) }, data.billing);
    await assertDomainFree(tx, data.domain);
    const status = provisioning ? "provisioning" : "active";
    const row = await tx.client
      .create({ data: { name: data.name, domain: data.domain, status, metadata: metadata as Prisma.InputJsonValue }, select })
      .catch((err) => { throw asConflict(err, data.domain); });
    const run = provisioning ? await startProvisioning(tx, row.id, provisioning) : null;
    return {
      result: row, resourceId: row.id,
      details: { name: row.name, domain: row.domain, billing: metadata.billing ?? null, ...(provisioning ? { services: provisioning.services, provisioningRun: run!.id } : {}) },
    };
  });
  await publishStatus(client.id, client.status);
  return client;
}

/** Updates name, metadata, billing and — only while the client has no containers and no DNS
 *  zones — its domain: the DNS tenant scope and service routing labels are derived from it. */
export async function updateClient({ actor, id, input }: { actor: Actor; id: string; input: unknown }): Promise<ClientRow> {
  const current = await reachClient(actor, id, "client:update", "client.update");
  return audited(actor, "client.update", { type: "client", id: current.id }, async (tx) => {
    const data = parse(updateSchema, input);
    const base = data.metadata ?? ((current.metadata ?? {}) as Record<string, unknown>);
    // Replacing metadata keeps billing unless billing itself is given (or null to clear it).
    const keepBilling = data.metadata && data.billing === undefined ? (current.metadata as { billing?: unknown } | null)?.billing : undefined;
    const metadata = composeMetadata(keepBilling !== undefined ? { ...base, billing: keepBilling } : base, data.billing);
    const domainChanges = data.domain !== undefined && data.domain !== current.domain;
    if (domainChanges) {
      const zones = await tx.dnsZone.count({ where: { OR: [{ clientId: current.id }, { name: current.domain }, { name: { endsWith: `.${current.domain}` } }] } });
      const containers = zones ? 0 : (await clientContainers(current.id)).length;
      if (zones || containers) {
        throw new AppError("CONFLICT", `The domain cannot change while the client has ${zones ? `${zones} DNS zone(s)` : `${containers} service(s)`}: remove them first`);
      }
      await assertDomainFree(tx, data.domain!, current.id);
    }
    const row = await tx.client
      .update({ where: { id: current.id }, data: { name: data.name, domain: data.domain, metadata: metadata as Prisma.InputJsonValue }, select })
      .catch((err) => { throw asConflict(err, data.domain ?? current.domain); });
    const changed = Object.keys(data).filter((k) => data[k as keyof typeof data] !== undefined);
    return { result: row, details: { changed, ...(domainChanges ? { domain: { from: current.domain, to: row.domain } } : {}) } };
  });
}
