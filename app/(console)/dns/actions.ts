"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { createRecord, deleteRecord, deleteRecords, updateRecord } from "@/lib/dns/records";
import { createZone, deleteZone } from "@/lib/dns/zones";
import { importZone } from "@/lib/dns/import-export";
import { enableDnssec } from "@/lib/dns/dnssec";
import { validateRecord } from "@/lib/dns/validate";
import { isAppError } from "@/lib/errors";

// Server actions of the DNS pages: parse the form, call one domain function, report plainly.
/** `values` hands a refused form its input back: React resets a form after its action. */
export type FormState = { error?: string; fields?: Record<string, string>; ok?: string; values?: Record<string, string> };

function failure(err: unknown): FormState {
  if (!isAppError(err)) throw err;
  return { error: err.message, fields: (err.details as { fields?: Record<string, string> } | undefined)?.fields };
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
/** An empty number field is "not given"; anything else goes to validation as a number. */
const num = (form: FormData, name: string) => (text(form, name) === "" ? undefined : Number(text(form, name)));

export async function createZoneAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const zone = await createZone({
      actor: await requireActor(),
      input: { name: text(form, "name"), nameservers: text(form, "nameservers").split(/[\s,]+/).filter(Boolean) },
    });
    revalidatePath("/dns");
    return { ok: `Zone ${zone.name} created` };
  } catch (err) {
    return { ...failure(err), values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) };
  }
}

export async function deleteZoneAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    await deleteZone({ actor: await requireActor(), zone: text(form, "zone") });
    revalidatePath("/dns");
    return { ok: "Zone deleted" };
  } catch (err) {
    return failure(err);
  }
}

export async function createRecordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const zone = text(form, "zone");
  try {
    const record = await createRecord({
      actor: await requireActor(), zone,
      input: {
        name: text(form, "name"), type: text(form, "type"), value: String(form.get("value") ?? ""),
        ttl: num(form, "ttl"), priority: num(form, "priority"), weight: num(form, "weight"), port: num(form, "port"),
      },
    });
    revalidatePath(`/dns/${zone}`);
    return { ok: `${record.type} record for ${record.fqdn} added` };
  } catch (err) {
    return { ...failure(err), values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) };
  }
}

export async function deleteRecordAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    await deleteRecord({ actor: await requireActor(), id: text(form, "id") });
    revalidatePath(`/dns/${text(form, "zone")}`);
    return { ok: "Record deleted" };
  } catch (err) {
    return failure(err);
  }
}

export async function importZoneAction(_prev: FormState, form: FormData): Promise<FormState> {
  const zone = text(form, "zone");
  try {
    const r = await importZone({ actor: await requireActor(), zone, text: String(form.get("file") ?? ""), replace: form.get("replace") === "on" });
    revalidatePath(`/dns/${zone}`);
    return { ok: `Imported: ${r.added} added, ${r.removed} removed, ${r.unchanged} unchanged` };
  } catch (err) {
    return { ...failure(err), values: { file: String(form.get("file") ?? "") } };
  }
}

export async function enableDnssecAction(_prev: FormState, form: FormData): Promise<FormState> {
  const zone = text(form, "zone");
  try {
    const info = await enableDnssec({ actor: await requireActor(), zone });
    revalidatePath(`/dns/${zone}`);
    return { ok: `DNSSEC enabled (key tag ${info.keyTag})` };
  } catch (err) {
    return failure(err);
  }
}

export async function deleteRecordsAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const ids = form.getAll("ids").map(String);
    if (ids.length === 0) return { error: "Select the records to delete first" };
    const count = await deleteRecords({ actor: await requireActor(), ids });
    revalidatePath(`/dns/${text(form, "zone")}`);
    return { ok: `${count} records deleted` };
  } catch (err) {
    return failure(err);
  }
}

export async function updateRecordAction(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const input: Record<string, unknown> = { value: String(form.get("value") ?? ""), ttl: num(form, "ttl") };
    for (const f of ["priority", "weight", "port"] as const) if (form.has(f)) input[f] = num(form, f);
    const record = await updateRecord({ actor: await requireActor(), id: text(form, "id"), input });
    revalidatePath(`/dns/${text(form, "zone")}`);
    return { ok: `${record.type} ${record.fqdn} updated` };
  } catch (err) {
    return { ...failure(err), values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) };
  }
}

/** Live validation of the add-record form as the user types: the same rules as saving (name,
 *  value per type, TTL), without the database checks (duplicates, CNAME exclusivity), which run
 *  on save. Changes nothing and audits nothing. */
export async function checkRecordAction(form: FormData): Promise<FormState> {
  await requireActor();
  try {
    validateRecord({
      name: text(form, "name"), type: text(form, "type"), value: String(form.get("value") ?? ""),
      ttl: num(form, "ttl"), priority: num(form, "priority"), weight: num(form, "weight"), port: num(form, "port"),
    }, text(form, "zone"));
    return {};
  } catch (err) {
    return failure(err);
  }
}
