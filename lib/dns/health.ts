import "server-only";
import { promises as dnsp } from "node:dns";
import { isIP } from "node:net";
import { requirePermission, type Actor } from "../auth/actor";
import { config } from "../config";
import { AppError } from "../errors";
import { listRecords, type DnsRecordRow } from "./records";

// Health of a zone as the world sees it: each record is asked of the configured DNS server
// (DNS_SERVER) and compared with what the database says it should be.

export type RecordHealth = {
  recordId: string;
  /** ok: served as stored · mismatch: the name answers, without this value · missing: no answer
   *  of this type · error: the server did not answer (timeout, refused) */
  status: "ok" | "mismatch" | "missing" | "error";
  expected: string;
  answers: string[];
  message?: string;
};

/** A record's value in the form the resolver reports it, to compare like with like. */
export function expectedAnswer(r: DnsRecordRow): string {
  switch (r.type) {
    case "MX":
      return `${r.priority} ${r.value}`;
    case "SRV":
      return `${r.priority} ${r.weight} ${r.port} ${r.value}`;
    case "AAAA":
    case "A":
    case "CNAME":
    case "NS":
    case "TXT":
    case "CAA":
      return r.value;
  }
}

async function ask(resolver: dnsp.Resolver, name: string, type: DnsRecordRow["type"]): Promise<string[]> {
  switch (type) {
    case "A":
      return resolver.resolve4(name);
    case "AAAA":
      return (await resolver.resolve6(name)).map((a) => a.toLowerCase());
    case "CNAME":
      return (await resolver.resolveCname(name)).map((h) => h.toLowerCase());
    case "NS":
      return (await resolver.resolveNs(name)).map((h) => h.toLowerCase());
    case "MX":
      return (await resolver.resolveMx(name)).map((m) => `${m.priority} ${m.exchange.toLowerCase()}`);
    case "SRV":
      return (await resolver.resolveSrv(name)).map(
        (s) => `${s.priority} ${s.weight} ${s.port} ${s.name.toLowerCase()}`,
      );
    case "TXT":
      return (await resolver.resolveTxt(name)).map((parts) => parts.join(""));
    case "CAA":
      return (await resolver.resolveCaa(name)).map((c) => {
        const [tag, value] = Object.entries(c).find(([k]) => k !== "critical") ?? ["", ""];
        return `${c.critical} ${tag} "${String(value)}"`;
      });
  }
}

/** DNS_SERVER may name a host (e.g. "coredns:53" in compose); the resolver takes addresses only. */
async function serverAddress(server: string): Promise<string> {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(server);
  const host = m?.[1] ?? m?.[2] ?? server;
  const port = m?.[3] ?? "53";
  const address = isIP(host) ? host : (await dnsp.lookup(host)).address;
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

export async function checkZoneHealth({
  actor,
  zone,
  server = config().DNS_SERVER,
}: {
  actor: Actor;
  zone: string;
  server?: string;
}): Promise<RecordHealth[]> {
  requirePermission(actor, "dns:read");
  const records = await listRecords({ actor, zone });
  if (!server)
    throw new AppError("UNAVAILABLE", "DNS_SERVER is not set: there is no server to check the records against");
  const resolver = new dnsp.Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([await serverAddress(server)]);
  // One question per name and type; a wildcard is asked through a sample name below it.
  const questions = new Map<string, Promise<string[] | NodeJS.ErrnoException>>();
  const question = (r: DnsRecordRow) => {
    const name = r.fqdn.replace(/^\*\./, "snx-health-check.");
    const key = `${name} ${r.type}`;
    if (!questions.has(key))
      questions.set(
        key,
        ask(resolver, name, r.type).catch((err: NodeJS.ErrnoException) => err),
      );
    return questions.get(key)!;
  };
  const out: RecordHealth[] = [];
  for (const r of records) {
    const expected = expectedAnswer(r);
    const got = await question(r);
    if (!Array.isArray(got)) {
      const missing = got.code === "ENOTFOUND" || got.code === "ENODATA";
      out.push({
        recordId: r.id,
        status: missing ? "missing" : "error",
        expected,
        answers: [],
        message: got.code ?? got.message,
      });
    } else {
      out.push({ recordId: r.id, status: got.includes(expected) ? "ok" : "mismatch", expected, answers: got });
    }
  }
  return out;
}
