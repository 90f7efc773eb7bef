import "server-only";
import { canOnClient, type Actor } from "../auth/actor";
import { audited, denyUnless, parseInput } from "../kit";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { reachClient, publishStatus } from "./access";
import { clientContainers } from "./client-containers";
import { select, type ClientRow } from "./list-clients";
import { composeMetadata, createSchema, updateSchema } from "./validate";
import { parseRunInput, startProvisioning } from "../provisioning/provisioning";
import { adoptPlatformZones, assertNoForeignOverlap, lockNameTree } from "../dns/territory";

type Tx = Prisma.TransactionClient;

/** CONFLICT when another client holds the domain. clients.domain is UNIQUE over every row, so
 *  a deleted client keeps its domain until it is purged (docs/decisions/012-clients.md). */
async function assertDomainFree(tx: Tx, domain: string, exceptId?: string) {
  const holder = await tx.client.findFirst({
    where: { domain, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { name: true, deletedAt: true },
  });
  if (!holder) return;
  const message = holder.deletedAt
    ? `Domain ${domain} still belongs to a deleted client (kept until it is purged)`
    : `Domain ${domain} is already used by client ${holder.name}`;
  throw new AppError("CONFLICT", message, { fields: { domain: message } });
}

/** A concurrent insert can pass the check above; the UNIQUE index is the final word. */
function asConflict(err: unknown, domain: string): unknown {
  return (err as { code?: string }).code === "P2002"
    ? new AppError("CONFLICT", `Domain ${domain} is already used by another client`)
    : err;
}

/** Creates a client. With `services` it is 'provisioning' and its provisioning run and job are
 *  created in the same transaction (docs/decisions/019-provisioning.md); without, it is a bare
 *  client, 'active' at once. */
export async function createClient({ actor, input }: { actor: Actor; input: unknown }): Promise<ClientRow> {
  await denyUnless(actor, "client:create", { action: "client.create", resource: { type: "client" } });
  const client = await audited(actor, "client.create", { type: "client" }, async (tx) => {
    const data = parseInput(createSchema, input ?? {});
    const provisioning =
      data.services === undefined
        ? null
        : parseRunInput({ services: data.services, plan: data.plan, branding: data.branding });
    const metadata = composeMetadata(
      { ...(data.metadata ?? {}), ...(provisioning?.plan ? { plan: provisioning.plan } : {}) },
      data.billing,
    );
    await lockNameTree(tx);
    await assertDomainFree(tx, data.domain);
    await assertNoForeignOverlap(tx, data.domain, undefined, "Domain");
    const status = provisioning ? "provisioning" : "active";
    const row = await tx.client
      .create({
        data: { name: data.name, domain: data.domain, status, metadata: metadata as Prisma.InputJsonValue },
        select,
      })
      .catch((err) => {
        throw asConflict(err, data.domain);
      });
    const adoptedZones = await adoptPlatformZones(tx, row.id, row.domain);
    const run = provisioning ? await startProvisioning(tx, row.id, provisioning) : null;
    return {
      result: row,
      resourceId: row.id,
      details: {
        name: row.name,
        domain: row.domain,
        billing: metadata.billing ?? null,
        ...(adoptedZones.length ? { adoptedZones } : {}),
        ...(provisioning ? { services: provisioning.services, provisioningRun: run!.id } : {}),
      },
    };
  });
  await publishStatus(client.id, client.status);
  return client;
}

/** Updates name, metadata, billing and — SUPER_ADMIN only, and only while the client has no DNS
 *  zones and no services — its domain: the domain decides which names the client's zones may
 *  have (docs/decisions/025-zone-ownership-and-domain-hierarchy.md). */
export async function updateClient({
  actor,
  id,
  input,
}: {
  actor: Actor;
  id: string;
  input: unknown;
}): Promise<ClientRow> {
  const current = await reachClient(actor, id, "client:update", "client.update");
  return audited(actor, "client.update", { type: "client", id: current.id }, async (tx) => {
    const data = parseInput(updateSchema, input ?? {});
    const base = data.metadata ?? ((current.metadata ?? {}) as Record<string, unknown>);
    // Replacing metadata keeps billing unless billing itself is given (or null to clear it).
    const keepBilling =
      data.metadata && data.billing === undefined
        ? (current.metadata as { billing?: unknown } | null)?.billing
        : undefined;
    const metadata = composeMetadata(
      keepBilling !== undefined ? { ...base, billing: keepBilling } : base,
      data.billing,
    );
    const domainChanges = data.domain !== undefined && data.domain !== current.domain;
    let adoptedZones: string[] = [];
    if (domainChanges) {
      if (!canOnClient(actor, "client:domain:update", current.id)) {
        throw new AppError("FORBIDDEN", "Only an operator (SUPER_ADMIN) may change a client's domain", {
          permission: "client:domain:update",
        });
      }
      await lockNameTree(tx);
      // Another client's names first: that refusal stands whatever the client removes.
      await assertDomainFree(tx, data.domain!, current.id);
      await assertNoForeignOverlap(tx, data.domain!, current.id, "Domain");
      await assertNothingHangsOnDomain(tx, current.id);
    }
    const row = await tx.client
      .update({
        where: { id: current.id },
        data: { name: data.name, domain: data.domain, metadata: metadata as Prisma.InputJsonValue },
        select,
      })
      .catch((err) => {
        throw asConflict(err, data.domain ?? current.domain);
      });
    if (domainChanges) adoptedZones = await adoptPlatformZones(tx, row.id, row.domain);
    const changed = Object.keys(data).filter((k) => data[k as keyof typeof data] !== undefined);
    return {
      result: row,
      details: {
        changed,
        ...(domainChanges ? { domain: { from: current.domain, to: row.domain } } : {}),
        ...(adoptedZones.length ? { adoptedZones } : {}),
      },
    };
  });
}

/** CONFLICT while the client has DNS zones (by client_id) or services (rows or containers): they
 *  were placed under the old domain, and moving it would leave them outside it. */
async function assertNothingHangsOnDomain(tx: Tx, clientId: string) {
  const zones = await tx.dnsZone.count({ where: { clientId } });
  const services = zones
    ? 0
    : (await tx.service.count({ where: { clientId } })) || (await clientContainers(clientId)).length;
  if (zones || services) {
    const what = zones ? `${zones} DNS zone(s)` : `${services} service(s)`;
    throw new AppError("CONFLICT", `The domain cannot change while the client has ${what}: remove them first`, {
      fields: { domain: `cannot change while the client has ${what}` },
    });
  }
}
