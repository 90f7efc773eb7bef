import { describe, expect, it } from "vitest";
import { checkRecordSet, validateRecord, validateZoneName, type DnsRecordData } from "@/lib/dns/validate";
import { txtStrings } from "@/lib/dns/txt";
import { isAppError } from "@/lib/errors";

const Z = "example.com";
const long63 = "a".repeat(63);

/** [what, input, field the error must name] */
const BAD: [string, Record<string, unknown>, string][] = [
  ["unknown type", { name: "www", type: "PTR", value: "x.example.com" }, "type"],
  ["lowercase type", { name: "www", type: "a", value: "192.0.2.1" }, "type"],
  ["label of 64 characters", { name: "a".repeat(64), type: "A", value: "192.0.2.1" }, "name"],
  [
    "name longer than 253 with the zone",
    { name: [long63, long63, long63, "a".repeat(60)].join("."), type: "A", value: "192.0.2.1" },
    "name",
  ],
  ["empty label", { name: "a..b", type: "A", value: "192.0.2.1" }, "name"],
  ["leading hyphen", { name: "-www", type: "A", value: "192.0.2.1" }, "name"],
  ["trailing hyphen", { name: "www-", type: "A", value: "192.0.2.1" }, "name"],
  ["space in label", { name: "my host", type: "A", value: "192.0.2.1" }, "name"],
  ["non-ASCII label", { name: "bücher", type: "A", value: "192.0.2.1" }, "name"],
  ["wildcard not leftmost", { name: "www.*", type: "A", value: "192.0.2.1" }, "name"],
  ["wildcard in the middle", { name: "a.*.b", type: "A", value: "192.0.2.1" }, "name"],
  ["partial wildcard", { name: "w*w", type: "A", value: "192.0.2.1" }, "name"],
  ["absolute name outside the zone", { name: "www.example.org.", type: "A", value: "192.0.2.1" }, "name"],
  ["absolute name in a sibling zone", { name: "www.notexample.com.", type: "A", value: "192.0.2.1" }, "name"],
  ["IPv4 with a fifth octet", { name: "www", type: "A", value: "192.0.2.1.5" }, "value"],
  ["IPv4 octet over 255", { name: "www", type: "A", value: "192.0.2.256" }, "value"],
  ["IPv6 in an A record", { name: "www", type: "A", value: "2001:db8::1" }, "value"],
  ["host name in an A record", { name: "www", type: "A", value: "www.example.net" }, "value"],
  ["IPv4 in an AAAA record", { name: "www", type: "AAAA", value: "192.0.2.1" }, "value"],
  ["broken IPv6", { name: "www", type: "AAAA", value: "2001:db8:::1" }, "value"],
  ["priority on an A record", { name: "www", type: "A", value: "192.0.2.1", priority: 10 }, "priority"],
  ["CNAME at the apex", { name: "@", type: "CNAME", value: "other.example.net" }, "name"],
  ["CNAME at the apex, absolute", { name: "example.com.", type: "CNAME", value: "other.example.net" }, "name"],
  ["CNAME to an IP address", { name: "www", type: "CNAME", value: "192.0.2.1" }, "value"],
  ["CNAME to a single label", { name: "www", type: "CNAME", value: "localhost" }, "value"],
  ["CNAME target with underscore", { name: "www", type: "CNAME", value: "bad_host.example.net" }, "value"],
  ["MX without priority", { name: "@", type: "MX", value: "mail.example.com" }, "priority"],
  ["MX priority negative", { name: "@", type: "MX", value: "mail.example.com", priority: -1 }, "priority"],
  ["MX priority over 65535", { name: "@", type: "MX", value: "mail.example.com", priority: 65536 }, "priority"],
  ["MX priority fractional", { name: "@", type: "MX", value: "mail.example.com", priority: 1.5 }, "priority"],
  ["MX to an IP", { name: "@", type: "MX", value: "192.0.2.25", priority: 10 }, "value"],
  ["MX with a port", { name: "@", type: "MX", value: "mail.example.com", priority: 10, port: 25 }, "port"],
  [
    "SRV name without _service._proto",
    { name: "sip", type: "SRV", value: "sip.example.com", priority: 1, weight: 1, port: 5060 },
    "name",
  ],
  ["SRV without port", { name: "_sip._tcp", type: "SRV", value: "sip.example.com", priority: 1, weight: 1 }, "port"],
  [
    "SRV without weight",
    { name: "_sip._tcp", type: "SRV", value: "sip.example.com", priority: 1, port: 5060 },
    "weight",
  ],
  [
    "SRV without priority",
    { name: "_sip._tcp", type: "SRV", value: "sip.example.com", weight: 1, port: 5060 },
    "priority",
  ],
  [
    "SRV port over 65535",
    { name: "_sip._tcp", type: "SRV", value: "sip.example.com", priority: 1, weight: 1, port: 70000 },
    "port",
  ],
  [
    "SRV target not a host",
    { name: "_sip._tcp", type: "SRV", value: "not a host", priority: 1, weight: 1, port: 5060 },
    "value",
  ],
  ["TXT empty", { name: "@", type: "TXT", value: "" }, "value"],
  ["TXT with a line break", { name: "@", type: "TXT", value: "a\nb" }, "value"],
  ["TXT too long", { name: "@", type: "TXT", value: "x".repeat(4001) }, "value"],
  ["TXT with priority", { name: "@", type: "TXT", value: "hello", priority: 1 }, "priority"],
  ["CAA flags over 255", { name: "@", type: "CAA", value: '256 issue "letsencrypt.org"' }, "value"],
  ["CAA flags not a number", { name: "@", type: "CAA", value: 'x issue "letsencrypt.org"' }, "value"],
  ["CAA unknown tag", { name: "@", type: "CAA", value: '0 issuer "letsencrypt.org"' }, "value"],
  ["CAA missing value", { name: "@", type: "CAA", value: "0 issue" }, "value"],
  ["CAA iodef not a URL", { name: "@", type: "CAA", value: '0 iodef "security team"' }, "value"],
  ["CAA issue not a domain", { name: "@", type: "CAA", value: '0 issue "lets encrypt"' }, "value"],
  ["TTL below 30", { name: "www", type: "A", value: "192.0.2.1", ttl: 29 }, "ttl"],
  ["TTL above 7 days", { name: "www", type: "A", value: "192.0.2.1", ttl: 604801 }, "ttl"],
  ["TTL fractional", { name: "www", type: "A", value: "192.0.2.1", ttl: 60.5 }, "ttl"],
  ["NS to an IP", { name: "sub", type: "NS", value: "192.0.2.53" }, "value"],
  ["value missing", { name: "www", type: "A" }, "value"],
];

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (!isAppError(err) || err.code !== "VALIDATION") throw err;
    return Object.keys((err.details as { fields: Record<string, string> }).fields).join(",");
  }
  return "(accepted)";
}

describe("DNS record validation", () => {
  it("has at least 40 bad inputs", () => expect(BAD.length).toBeGreaterThanOrEqual(40));

  it.each(BAD)("refuses %s, naming the field", (_what, input, field) => {
    expect(fieldOf(() => validateRecord(input, Z))).toBe(field);
  });

  const GOOD: [Record<string, unknown>, Partial<DnsRecordData>][] = [
    [
      { name: "WWW", type: "A", value: "192.0.2.1" },
      { name: "www", value: "192.0.2.1", ttl: 3600 },
    ],
    [
      { name: "", type: "A", value: "192.0.2.1", ttl: 30 },
      { name: "@", ttl: 30 },
    ],
    [
      { name: "www.example.com.", type: "AAAA", value: "2001:DB8::1" },
      { name: "www", value: "2001:db8::1" },
    ],
    [
      { name: "example.com.", type: "MX", value: "Mail.Example.com.", priority: 0 },
      { name: "@", value: "mail.example.com", priority: 0 },
    ],
    [{ name: "*.dev", type: "CNAME", value: "dev.example.net" }, { name: "*.dev" }],
    [
      { name: "_sip._tcp", type: "SRV", value: "sip.example.com", priority: 10, weight: 5, port: 5060 },
      { port: 5060, weight: 5 },
    ],
    [{ name: "_dmarc", type: "TXT", value: 'v=DMARC1; p=none; "quoted"' }, { value: 'v=DMARC1; p=none; "quoted"' }],
    [{ name: "@", type: "CAA", value: "0 ISSUE letsencrypt.org" }, { value: '0 issue "letsencrypt.org"' }],
    [
      { name: "@", type: "CAA", value: '128 iodef "mailto:sec@example.com"' },
      { value: '128 iodef "mailto:sec@example.com"' },
    ],
    [{ name: "@", type: "CAA", value: '0 issuewild ";"' }, { value: '0 issuewild ";"' }],
    [{ name: "sub", type: "NS", value: "ns1.example.net" }, { value: "ns1.example.net" }],
    [{ name: long63, type: "A", value: "192.0.2.1", ttl: 604800 }, { ttl: 604800 }],
  ];
  it.each(GOOD)("accepts %j", (input, expected) => {
    expect(validateRecord(input, Z)).toMatchObject(expected);
  });

  it("zone names: lowercase, no trailing dot, valid labels", () => {
    expect(validateZoneName("Example.COM.")).toBe("example.com");
    for (const bad of ["", "com", "-a.com", "a..com", "a_b.com", `${"a".repeat(64)}.com`, "192.0.2.1", 42]) {
      expect(fieldOf(() => validateZoneName(bad))).toBe("name");
    }
  });
});

describe("record set rules", () => {
  const rec = (over: Partial<DnsRecordData>): DnsRecordData => ({
    name: "www",
    type: "A",
    value: "192.0.2.1",
    ttl: 300,
    priority: null,
    weight: null,
    port: null,
    ...over,
  });

  it("CNAME exclusivity both ways, duplicates", () => {
    expect(fieldOf(() => checkRecordSet([rec({})], rec({ type: "CNAME", value: "x.example.net" })))).toBe("name");
    expect(
      fieldOf(() =>
        checkRecordSet([rec({ type: "CNAME", value: "x.example.net" })], rec({ type: "TXT", value: "hi" })),
      ),
    ).toBe("name");
    expect(
      fieldOf(() =>
        checkRecordSet(
          [rec({ type: "CNAME", value: "x.example.net" })],
          rec({ type: "CNAME", value: "y.example.net" }),
        ),
      ),
    ).toBe("name");
    expect(fieldOf(() => checkRecordSet([rec({})], rec({ ttl: 60 })))).toBe("value");
    expect(fieldOf(() => checkRecordSet([rec({})], rec({ value: "192.0.2.2" })))).toBe("(accepted)");
    expect(fieldOf(() => checkRecordSet([rec({ name: "mail" })], rec({ type: "CNAME", value: "x.example.net" })))).toBe(
      "(accepted)",
    );
  });
});

describe("TXT splitting", () => {
  it("splits into ≤255-byte strings without cutting a character", () => {
    expect(txtStrings("a".repeat(600)).map((s) => s.length)).toEqual([255, 255, 90]);
    const parts = txtStrings("é".repeat(200)); // 2 bytes each: 127 fit in 255 bytes
    expect(parts.map((s) => Buffer.byteLength(s))).toEqual([254, 146]);
    expect(parts.join("")).toBe("é".repeat(200));
  });
});
