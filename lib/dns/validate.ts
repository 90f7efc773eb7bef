import { isIP } from "node:net";
import { z } from "zod";
import { AppError } from "../errors";
import {
  absoluteName,
  hostNameProblem,
  isWithin,
  MAX_NAME,
  normaliseName,
  ownerLabelsProblem,
  stripDot,
} from "./names";
import { txtStrings } from "./txt";
import { parseInput } from "../kit";

// Every rule a record must pass before it reaches the database. Each failure is one VALIDATION
// error naming its field, so the form can show it next to the input; nothing is written.
export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export const CAA_TAGS = ["issue", "issuewild", "iodef"] as const;
export const TTL_MIN = 30;
export const TTL_MAX = 604_800;
const MAX_TXT_BYTES = 4000;

export type DnsRecordData = {
  name: string;
  type: RecordType;
  value: string;
  ttl: number;
  priority: number | null;
  weight: number | null;
  port: number | null;
};

export function fieldError(field: string, message: string): AppError {
  return new AppError("VALIDATION", `${field}: ${message}`, { fields: { [field]: message } });
}

const u16 = z.number().int().min(0).max(65535).nullable().optional();
const recordSchema = z.object({
  name: z
    .string()
    .trim()
    .max(MAX_NAME + 1),
  type: z.enum(RECORD_TYPES, { message: `must be one of ${RECORD_TYPES.join(", ")}` }),
  value: z.string().max(MAX_TXT_BYTES * 2),
  ttl: z
    .number()
    .int()
    .min(TTL_MIN, `must be at least ${TTL_MIN} seconds`)
    .max(TTL_MAX, `must be at most ${TTL_MAX} seconds (7 days)`)
    .default(3600),
  priority: u16,
  weight: u16,
  port: u16,
});

/** Zone names: lowercase host names, no trailing dot, at least two labels. */
export function validateZoneName(input: unknown): string {
  if (typeof input !== "string") throw fieldError("name", "is required");
  const name = normaliseName(input);
  const problem = hostNameProblem(name);
  if (problem) throw fieldError("name", problem);
  return name;
}

/** Relative owner name ("@", "www", "*.dev") from what the user typed: relative, "@", or
 *  absolute with a trailing dot (which must lie inside the zone). */
export function recordName(input: string, zone: string): string {
  let name = input.trim().toLowerCase();
  if (name === "" || name === "@") return "@";
  if (name.endsWith(".")) {
    const abs = stripDot(name);
    if (!isWithin(abs, zone)) throw fieldError("name", `${abs} is outside the zone ${zone}`);
    name = abs === zone ? "@" : abs.slice(0, -(zone.length + 1));
    if (name === "@") return name;
  }
  const problem = ownerLabelsProblem(name.split("."));
  if (problem) throw fieldError("name", problem);
  if (absoluteName(name, zone).length > MAX_NAME)
    throw fieldError("name", `is longer than ${MAX_NAME} characters with the zone`);
  return name;
}

function hostTarget(field: string, input: string): string {
  const host = stripDot(input.trim().toLowerCase());
  const problem = hostNameProblem(host);
  if (problem) throw fieldError(field, `host name ${problem}`);
  return host;
}

function required(field: "priority" | "weight" | "port", v: number | null | undefined, what: string): number {
  if (v === null || v === undefined) throw fieldError(field, `is required for ${what} (0-65535)`);
  return v;
}

function refuse(fields: Partial<Record<"priority" | "weight" | "port", number | null | undefined>>, type: string) {
  for (const [f, v] of Object.entries(fields))
    if (v !== null && v !== undefined) throw fieldError(f, `is not used by ${type} records`);
}

function caaValue(input: string): string {
  const m = /^(\S+)\s+(\S+)\s+(.*)$/.exec(input.trim());
  if (!m) throw fieldError("value", 'must be: flags tag "value", for example 0 issue "letsencrypt.org"');
  const [flagsText, tagText, rest] = [m[1] ?? "", m[2] ?? "", m[3] ?? ""];
  const flags = /^\d{1,3}$/.test(flagsText) ? Number(flagsText) : NaN;
  if (!(flags >= 0 && flags <= 255)) throw fieldError("value", "CAA flags must be a number from 0 to 255");
  const tag = tagText.toLowerCase();
  if (!(CAA_TAGS as readonly string[]).includes(tag))
    throw fieldError("value", `CAA tag must be one of ${CAA_TAGS.join(", ")}`);
  const quoted = /^"(.*)"$/.exec(rest.trim());
  const text = quoted ? (quoted[1] ?? "") : rest.trim();
  if (/["\\\p{Cc}]/u.test(text))
    throw fieldError("value", "CAA value must not contain quotes, backslashes or control characters");
  if (tag === "iodef" && !/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/.test(text))
    throw fieldError("value", "CAA iodef value must be a mailto: or http(s):// URL");
  if (tag !== "iodef" && text !== ";" && text !== "") {
    const issuer = (text.split(";")[0] ?? "").trim();
    if (hostNameProblem(issuer))
      throw fieldError("value", `CAA ${tag} value must be an issuer domain such as letsencrypt.org, or ";"`);
  }
  return `${flags} ${tag} "${text}"`;
}

/** Parses and normalises one record of `zone` (its fields alone; see checkRecordSet for the rest). */
export function validateRecord(input: unknown, zone: string): DnsRecordData {
  const parsed = parseInput(recordSchema, input);
  const r = parsed;
  const name = recordName(r.name, zone);
  const base = { name, type: r.type, ttl: r.ttl, priority: null, weight: null, port: null };
  const value = r.value.trim();
  switch (r.type) {
    case "A":
    case "AAAA": {
      refuse({ priority: r.priority, weight: r.weight, port: r.port }, r.type);
      const family = r.type === "A" ? 4 : 6;
      if (isIP(value) !== family) throw fieldError("value", `must be an IPv${family} address`);
      return { ...base, value: family === 6 ? value.toLowerCase() : value };
    }
    case "CNAME":
    case "NS":
      refuse({ priority: r.priority, weight: r.weight, port: r.port }, r.type);
      if (r.type === "CNAME" && name === "@") throw fieldError("name", "a CNAME cannot be at the zone apex (@)");
      return { ...base, value: hostTarget("value", value) };
    case "MX":
      refuse({ weight: r.weight, port: r.port }, "MX");
      return { ...base, value: hostTarget("value", value), priority: required("priority", r.priority, "MX") };
    case "SRV": {
      const labels = name.split(".");
      if (labels.length < 2 || !labels[0]?.startsWith("_") || !labels[1]?.startsWith("_")) {
        throw fieldError("name", "an SRV name must be _service._proto (for example _sip._tcp)");
      }
      return {
        ...base,
        value: hostTarget("value", value),
        priority: required("priority", r.priority, "SRV"),
        weight: required("weight", r.weight, "SRV"),
        port: required("port", r.port, "SRV"),
      };
    }
    case "TXT":
      refuse({ priority: r.priority, weight: r.weight, port: r.port }, "TXT");
      if (r.value.length === 0) throw fieldError("value", "TXT text is empty");
      if (Buffer.byteLength(r.value) > MAX_TXT_BYTES)
        throw fieldError("value", `TXT text is longer than ${MAX_TXT_BYTES} bytes`);
      if (/\p{Cc}/u.test(r.value))
        throw fieldError("value", "TXT text must not contain control characters (line breaks, tabs)");
      txtStrings(r.value); // splits into ≤255-byte strings; throws on nothing
      return { ...base, value: r.value };
    case "CAA":
      refuse({ priority: r.priority, weight: r.weight, port: r.port }, "CAA");
      return { ...base, value: caaValue(value) };
  }
}

/** Rules across the zone's records: CNAME exclusivity and duplicates. `others` excludes the
 *  record being updated. */
export function checkRecordSet(others: readonly DnsRecordData[], rec: DnsRecordData): void {
  const sameName = others.filter((o) => o.name === rec.name);
  if (rec.type === "CNAME" && sameName.length > 0) {
    throw fieldError(
      "name",
      `${rec.name} already has ${sameName[0]?.type} records: a CNAME must be the only record at its name`,
    );
  }
  if (rec.type !== "CNAME" && sameName.some((o) => o.type === "CNAME")) {
    throw fieldError("name", `${rec.name} has a CNAME: no other record may share its name`);
  }
  const dup = sameName.find(
    (o) =>
      o.type === rec.type &&
      o.value === rec.value &&
      o.priority === rec.priority &&
      o.weight === rec.weight &&
      o.port === rec.port,
  );
  if (dup) throw fieldError("value", `the same ${rec.type} record already exists at ${rec.name}`);
}
