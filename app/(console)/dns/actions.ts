"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/request/current-actor";
import { createRecord, deleteRecord, deleteRecords, updateRecord } from "@/lib/dns/records";
import { createZone, deleteZone } from "@/lib/dns/zones";
import { importZone } from "@/lib/dns/import-export";
import { enableDnssec } from "@/lib/dns/dnssec";
import { validateRecord } from "@/lib/dns/validate";
import { formValues, refusal, text, type ActionState } from "@/components/action-state";

// Server actions of the DNS pages: parse the form, call one domain function, report plainly.

/** A refusal as the DNS forms show it: message and field problems. */
function failure(err: unknown): ActionState {
  const { error, fields } = refusal(err);
  return { error, fields };
}

/** An empty number field is "not given"; anything else goes to validation as a number. */
const num = (form: FormData, name: string) => (text(form, name) === "" ? undefined : Number(text(form, name)));

export async function createZoneAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const zone = await createZone({
      actor: await requireActor(),
      input: {
        name: text(form, "name"),
        nameservers: text(form, "nameservers")
          .split(/[\s,]+/)
          .filter(Boolean),
      },
    });
    revalidatePath("/dns");
    return { ok: `Zone ${zone.name} created` };
  } catch (err) {
    return { ...failure(err), values: formValues(form) };
  }
}

export async function deleteZoneAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    await deleteZone({ actor: await requireActor(), zone: text(form, "zone") });
    revalidatePath("/dns");
    return { ok: "Zone deleted" };
  } catch (err) {
    return failure(err);
  }
}

export async function createRecordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const zone = text(form, "zone");
  try {
    const record = await createRecord({
      actor: await requireActor(),
      zone,
      input: {
        name: text(form, "name"),
        type: text(form, "type"),
        value: String(form.get("value") ?? ""),
        ttl: num(form, "ttl"),
        priority: num(form, "priority"),
        weight: num(form, "weight"),
        port: num(form, "port"),
      },
    });
    revalidatePath(`/dns/${zone}`);
    return { ok: `${record.type} record for ${record.fqdn} added` };
  } catch (err) {
    return { ...failure(err), values: formValues(form) };
  }
}

export async function deleteRecordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    await deleteRecord({ actor: await requireActor(), id: text(form, "id") });
    revalidatePath(`/dns/${text(form, "zone")}`);
    return { ok: "Record deleted" };
  } catch (err) {
    return failure(err);
  }
}

export async function importZoneAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const zone = text(form, "zone");
  try {
    const r = await importZone({
      actor: await requireActor(),
      zone,
      text: String(form.get("file") ?? ""),
      replace: form.get("replace") === "on",
    });
    revalidatePath(`/dns/${zone}`);
    return { ok: `Imported: ${r.added} added, ${r.removed} removed, ${r.unchanged} unchanged` };
  } catch (err) {
    return { ...failure(err), values: { file: String(form.get("file") ?? "") } };
  }
}

export async function enableDnssecAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const zone = text(form, "zone");
  try {
    const info = await enableDnssec({ actor: await requireActor(), zone });
    revalidatePath(`/dns/${zone}`);
    return { ok: `DNSSEC enabled (key tag ${info.keyTag})` };
  } catch (err) {
    return failure(err);
  }
}

export async function deleteRecordsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
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

export async function updateRecordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const input: Record<string, unknown> = { value: String(form.get("value") ?? ""), ttl: num(form, "ttl") };
    for (const f of ["priority", "weight", "port"] as const) if (form.has(f)) input[f] = num(form, f);
    const record = await updateRecord({ actor: await requireActor(), id: text(form, "id"), input });
    revalidatePath(`/dns/${text(form, "zone")}`);
    return { ok: `${record.type} ${record.fqdn} updated` };
  } catch (err) {
    return { ...failure(err), values: formValues(form) };
  }
}

/** Live validation of the add-record form as the user types: the same rules as saving (name,
 *  value per type, TTL), without the database checks (duplicates, CNAME exclusivity), which run
 *  on save. Changes nothing and audits nothing. */
export async function checkRecordAction(form: FormData): Promise<ActionState> {
  await requireActor();
  try {
    validateRecord(
      {
        name: text(form, "name"),
        type: text(form, "type"),
        value: String(form.get("value") ?? ""),
        ttl: num(form, "ttl"),
        priority: num(form, "priority"),
        weight: num(form, "weight"),
        port: num(form, "port"),
      },
      text(form, "zone"),
    );
    return {};
  } catch (err) {
    return failure(err);
  }
}
