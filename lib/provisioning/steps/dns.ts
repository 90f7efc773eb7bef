import "server-only";
import { config } from "../../config";
import { db } from "../../db";
import { createZone } from "../../dns/zones";
import { createRecord, deleteRecords } from "../../dns/records";
import { deleteZone } from "../../dns/zones";
import { AppError } from "../../errors";
import { expand } from "../templates";
import type { StepContext, StepDefinition } from "../context";

// Step 5: the client's zone (its domain) and a record per public service, through the DNS domain
// functions (validated, audited as "system", synced to zone files or etcd). Before creating
// anything the step notes whether the zone and each wanted record already existed, so a
// rollback removes only what provisioning added.

type Wanted = { name: string; type: "A" | "CNAME" | "MX" | "TXT"; value: string; priority?: number };

export function wantedRecords(ctx: Pick<StepContext, "plan" | "run">): Wanted[] {
  const domain = ctx.run.client.domain;
  const out: Wanted[] = [{ name: "@", type: "A", value: config().PROVISIONING_INGRESS_IP }];
  const extras = ctx.plan.flatMap((s) =>
    s.template.records.map((r) => ({
      ...r,
      value: expand(r.value ?? domain, {
        secrets: {},
        domain,
        host: s.host ?? domain,
        client: ctx.run.clientId,
        service: s.name,
      }),
    })),
  );
  // An MX target must be an address record, never a CNAME (RFC 2181 §10.3).
  const mxTargets = new Set(extras.filter((r) => r.type === "MX").map((r) => r.value));
  for (const s of ctx.plan) {
    if (!s.host || s.host === domain) continue;
    const name = s.host.slice(0, -(domain.length + 1));
    out.push(
      mxTargets.has(s.host)
        ? { name, type: "A", value: config().PROVISIONING_INGRESS_IP }
        : { name, type: "CNAME", value: domain },
    );
  }
  for (const r of extras)
    out.push({
      name: r.name,
      type: r.type,
      value: r.value,
      ...(r.priority !== undefined ? { priority: r.priority } : {}),
    });
  return out;
}

const same = (r: { name: string; type: string; value: string }, w: Wanted) =>
  r.name === w.name && r.type === w.type && r.value === w.value;
const nameservers = () =>
  config()
    .PROVISIONING_NAMESERVERS.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export const dnsStep: StepDefinition = {
  name: "dns",
  async run(ctx) {
    const domain = ctx.run.client.domain;
    let zone = await db().dnsZone.findUnique({ where: { name: domain }, include: { records: true } });
    // A zone at the client's domain is the client's (created for it, or adopted when the client
    // was created: lib/dns/territory.ts); anything else is not provisioning's to fill.
    if (zone && zone.clientId !== ctx.run.clientId)
      throw new AppError("CONFLICT", `Zone ${domain} belongs to ${zone.clientId ? "another client" : "no client"}`);
    const wanted = wantedRecords(ctx);
    if (ctx.output.zonePreexisting === undefined) {
      const pre = zone ? zone.records.filter((r) => wanted.some((w) => same(r, w))).map((r) => r.id) : [];
      await ctx.save({ zonePreexisting: Boolean(zone), preexisting: pre });
    }
    if (!zone) {
      await createZone({
        actor: ctx.actor,
        input: { name: domain, clientId: ctx.run.clientId, nameservers: nameservers() },
      });
      await ctx.log(`zone ${domain} created (NS ${nameservers().join(", ")})`);
      zone = await db().dnsZone.findUniqueOrThrow({ where: { name: domain }, include: { records: true } });
    }
    let added = 0;
    for (const w of wanted) {
      if (zone.records.some((r) => same(r, w))) continue;
      await createRecord({ actor: ctx.actor, zone: zone.id, input: { ...w, ttl: 300 } });
      added++;
    }
    await ctx.save({ zone: domain, records: wanted.map((w) => `${w.name} ${w.type} ${w.value}`) });
    await ctx.log(
      `${wanted.length} record(s) wanted, ${added} added: ${wanted.map((w) => `${w.name === "@" ? domain : `${w.name}.${domain}`} ${w.type}`).join(", ")}`,
    );
  },
  async undo(ctx) {
    const domain = ctx.run.client.domain;
    const zone = await db().dnsZone.findUnique({ where: { name: domain }, include: { records: true } });
    const out = ctx.outputOf("dns");
    if (!zone || out.zonePreexisting === undefined) return; // the step never started to change anything
    if (out.zonePreexisting === false) {
      await deleteZone({ actor: ctx.actor, zone: zone.id });
      return void (await ctx.log(`zone ${domain} removed`));
    }
    const pre = new Set((out.preexisting as string[] | undefined) ?? []);
    const wanted = wantedRecords(ctx);
    const ours = zone.records.filter((r) => !pre.has(r.id) && wanted.some((w) => same(r, w))).map((r) => r.id);
    if (ours.length) await deleteRecords({ actor: ctx.actor, ids: ours });
    await ctx.log(`removed ${ours.length} record(s) from ${domain} (the zone existed before and stays)`);
  },
};
