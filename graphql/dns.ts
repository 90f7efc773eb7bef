import {
  createRecord,
  deleteRecord,
  deleteRecords,
  listRecords,
  updateRecord,
  type DnsRecordRow,
} from "@/lib/dns/records";
import { createZone, deleteZone, listZones, type DnsZoneRow } from "@/lib/dns/zones";
import { exportZone, importZone } from "@/lib/dns/import-export";
import { checkZoneHealth, type RecordHealth } from "@/lib/dns/health";
import { enableDnssec, getDnssec, type DnssecInfo } from "@/lib/dns/dnssec";
import { RECORD_TYPES } from "@/lib/dns/validate";
import { builder } from "./builder";
import { given } from "./input";
import { requireActorIn } from "./actor";

// The seed's DNS contract (dnsZones, dnsRecords(zone), create/update/deleteDNSRecord) plus zone
// creation/deletion and bulk delete. Resolvers parse, call one domain function, return.
const DNSRecordType = builder.enumType("DNSRecordType", { values: RECORD_TYPES });

const DNSZone = builder.objectRef<DnsZoneRow>("DNSZone").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    clientId: t.exposeID("clientId", { nullable: true }),
    serial: t.exposeInt("serial"),
    recordCount: t.exposeInt("recordCount"),
    dnssecEnabled: t.exposeBoolean("dnssecEnabled"),
    lastSyncedAt: t.field({ type: "DateTime", nullable: true, resolve: (z) => z.lastSyncedAt }),
    lastSyncError: t.exposeString("lastSyncError", { nullable: true }),
    createdAt: t.field({ type: "DateTime", resolve: (z) => z.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (z) => z.updatedAt }),
  }),
});

const DNSRecord = builder.objectRef<DnsRecordRow>("DNSRecord").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    zone: t.exposeString("zone", { description: "Name of the zone" }),
    name: t.exposeString("name", { description: 'Relative to the zone; "@" is the apex' }),
    fqdn: t.exposeString("fqdn"),
    type: t.field({ type: DNSRecordType, resolve: (r) => r.type }),
    value: t.exposeString("value"),
    ttl: t.exposeInt("ttl"),
    priority: t.exposeInt("priority", { nullable: true }),
    weight: t.exposeInt("weight", { nullable: true }),
    port: t.exposeInt("port", { nullable: true }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (r) => r.updatedAt }),
  }),
});

const CreateDNSRecordInput = builder.inputType("CreateDNSRecordInput", {
  fields: (t) => ({
    zone: t.string({ required: true }),
    name: t.string({ required: true }),
    type: t.field({ type: DNSRecordType, required: true }),
    value: t.string({ required: true }),
    ttl: t.int({ required: false }),
    priority: t.int({ required: false }),
    weight: t.int({ required: false }),
    port: t.int({ required: false }),
  }),
});

const UpdateDNSRecordInput = builder.inputType("UpdateDNSRecordInput", {
  description: "Fields left out keep their value.",
  fields: (t) => ({
    name: t.string({ required: false }),
    type: t.field({ type: DNSRecordType, required: false }),
    value: t.string({ required: false }),
    ttl: t.int({ required: false }),
    priority: t.int({ required: false }),
    weight: t.int({ required: false }),
    port: t.int({ required: false }),
  }),
});

const CreateDNSZoneInput = builder.inputType("CreateDNSZoneInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    clientId: t.id({ required: false }),
    nameservers: t.stringList({ required: true }),
  }),
});

const DNSImportResult = builder
  .objectRef<{ zone: string; added: number; removed: number; unchanged: number }>("DNSImportResult")
  .implement({
    fields: (t) => ({
      zone: t.exposeString("zone"),
      added: t.exposeInt("added"),
      removed: t.exposeInt("removed"),
      unchanged: t.exposeInt("unchanged"),
    }),
  });

const DNSHealthStatus = builder.enumType("DNSHealthStatus", {
  values: ["OK", "MISMATCH", "MISSING", "ERROR"] as const,
});

const DNSRecordHealth = builder.objectRef<RecordHealth>("DNSRecordHealth").implement({
  description: "A record as the configured DNS server (DNS_SERVER) answers it.",
  fields: (t) => ({
    recordId: t.exposeID("recordId"),
    status: t.field({ type: DNSHealthStatus, resolve: (h) => h.status.toUpperCase() as "OK" }),
    expected: t.exposeString("expected"),
    answers: t.exposeStringList("answers"),
    message: t.exposeString("message", { nullable: true }),
  }),
});

const DNSSECInfo = builder.objectRef<DnssecInfo>("DNSSECInfo").implement({
  description: "DNSSEC of a zone: ECDSA P-256 (algorithm 13) key; give the DS record to the registrar.",
  fields: (t) => ({
    enabled: t.exposeBoolean("enabled"),
    keyTag: t.exposeInt("keyTag", { nullable: true }),
    dnskey: t.exposeString("dnskey", { nullable: true }),
    ds: t.exposeString("ds", { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  dnsZones: t.field({
    type: [DNSZone],
    authScopes: { permission: "dns:read" },
    resolve: (_r, _a, ctx) => listZones({ actor: requireActorIn(ctx) }),
  }),
  dnsRecords: t.field({
    type: [DNSRecord],
    authScopes: { permission: "dns:read" },
    args: { zone: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => listRecords({ actor: requireActorIn(ctx), zone: args.zone }),
  }),
  dnsHealth: t.field({
    type: [DNSRecordHealth],
    authScopes: { permission: "dns:read" },
    args: { zone: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => checkZoneHealth({ actor: requireActorIn(ctx), zone: args.zone }),
  }),
  dnsDNSSEC: t.field({
    type: DNSSECInfo,
    authScopes: { permission: "dns:read" },
    args: { zone: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => getDnssec({ actor: requireActorIn(ctx), zone: args.zone }),
  }),
  dnsZoneFile: t.field({
    type: "String",
    description: "The zone as an RFC 1035 master file (export).",
    authScopes: { permission: "dns:read" },
    args: { zone: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => (await exportZone({ actor: requireActorIn(ctx), zone: args.zone })).text,
  }),
}));

builder.mutationFields((t) => ({
  createDNSRecord: t.field({
    type: DNSRecord,
    authScopes: { permission: "dns:write" },
    args: { input: t.arg({ type: CreateDNSRecordInput, required: true }) },
    resolve: (_r, { input: { zone, ...input } }, ctx) =>
      createRecord({ actor: requireActorIn(ctx), zone, input: given(input) }),
  }),
  updateDNSRecord: t.field({
    type: DNSRecord,
    authScopes: { permission: "dns:write" },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateDNSRecordInput, required: true }) },
    resolve: (_r, args, ctx) =>
      updateRecord({
        actor: requireActorIn(ctx),
        id: String(args.id),
        input: given(args.input, ["priority", "weight", "port"]),
      }),
  }),
  deleteDNSRecord: t.field({
    type: "Boolean",
    authScopes: { permission: "dns:write" },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteRecord({ actor: requireActorIn(ctx), id: String(args.id) }),
  }),
  deleteDNSRecords: t.field({
    type: "Int",
    description: "Deletes all the given records or none.",
    authScopes: { permission: "dns:write" },
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_r, args, ctx) => deleteRecords({ actor: requireActorIn(ctx), ids: args.ids.map(String) }),
  }),
  importDNSZone: t.field({
    type: DNSImportResult,
    description:
      "Imports an RFC 1035 master file into a zone: all records or none; replace removes records the file does not hold.",
    authScopes: { permission: "dns:write" },
    args: {
      zone: t.arg.string({ required: true }),
      text: t.arg.string({ required: true }),
      replace: t.arg.boolean({ required: false }),
    },
    resolve: (_r, args, ctx) =>
      importZone({ actor: requireActorIn(ctx), zone: args.zone, text: args.text, replace: args.replace ?? false }),
  }),
  enableDNSSEC: t.field({
    type: DNSSECInfo,
    authScopes: { permission: "dns:zone:write" },
    args: { zone: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => enableDnssec({ actor: requireActorIn(ctx), zone: args.zone }),
  }),
  createDNSZone: t.field({
    type: DNSZone,
    authScopes: { permission: "dns:zone:write" },
    args: { input: t.arg({ type: CreateDNSZoneInput, required: true }) },
    resolve: (_r, { input }, ctx) => createZone({ actor: requireActorIn(ctx), input: given(input) }),
  }),
  deleteDNSZone: t.field({
    type: "Boolean",
    authScopes: { permission: "dns:zone:write" },
    args: { zone: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => deleteZone({ actor: requireActorIn(ctx), zone: args.zone }),
  }),
}));
