import { describe, expect, it } from "vitest";
import { parseZoneFile } from "@/lib/dns/parse-zone";
import { renderZoneFile } from "@/lib/dns/render-zone";
import { validateRecord } from "@/lib/dns/validate";
import { isAppError } from "@/lib/errors";

const FILE = `
$ORIGIN example.com.
$TTL 600 ; default
@   IN SOA ns1.example.net. hostmaster.example.com. (
        2024010101 ; serial
        3600 600 1209600 300 )
    IN NS ns1.example.net.
    IN NS ns2
@ 300 IN MX 10 mail
www IN 120 A 192.0.2.10
        AAAA 2001:db8::10
_sip._tcp SRV 10 5 5060 sip.example.net.
@ TXT "v=spf1 " "include:_spf.example.net -all" ; two strings
quote TXT "say \\"hi\\" \\\\ caf\\195\\169"
@ CAA 0 issue "letsencrypt.org"
$ORIGIN dev.example.com.
* CNAME www.example.com.
`;

describe("zone file import parser", () => {
  it("reads owners, $ORIGIN/$TTL, parentheses, TTL/class order, quoted strings with escapes", () => {
    const recs = parseZoneFile(FILE, "example.com").map((r) => {
      const { line, ...rest } = r;
      expect(line).toBeGreaterThan(0);
      return rest;
    });
    expect(recs).toEqual([
      { name: "example.com.", type: "NS", ttl: 600, value: "ns1.example.net." },
      { name: "example.com.", type: "NS", ttl: 600, value: "ns2.example.com." },
      { name: "example.com.", type: "MX", ttl: 300, priority: 10, value: "mail.example.com." },
      { name: "www.example.com.", type: "A", ttl: 120, value: "192.0.2.10" },
      { name: "www.example.com.", type: "AAAA", ttl: 600, value: "2001:db8::10" },
      {
        name: "_sip._tcp.example.com.",
        type: "SRV",
        ttl: 600,
        priority: 10,
        weight: 5,
        port: 5060,
        value: "sip.example.net.",
      },
      { name: "example.com.", type: "TXT", ttl: 600, value: "v=spf1 include:_spf.example.net -all" },
      { name: "quote.example.com.", type: "TXT", ttl: 600, value: 'say "hi" \\ café' },
      { name: "example.com.", type: "CAA", ttl: 600, value: '0 issue "letsencrypt.org"' },
      { name: "*.dev.example.com.", type: "CNAME", ttl: 600, value: "www.example.com." },
    ]);
  });

  it("refuses unsupported types and directives with their line number", () => {
    for (const [text, line] of [
      ["www IN PTR x.example.com.", 1],
      ["\n$INCLUDE other.zone", 2],
      ["a A 192.0.2.1\nb MX ten mail", 2],
      ['t TXT "open', 1],
      ["x A (1.2.3.4", 1],
    ] as const) {
      try {
        parseZoneFile(text, "example.com");
        expect.unreachable(`accepted: ${text}`);
      } catch (err) {
        expect(isAppError(err) && err.code).toBe("VALIDATION");
        expect((err as Error).message).toMatch(new RegExp(`^line ${line}:`));
      }
    }
  });

  it("what we render parses back to the same records", () => {
    const records = parseZoneFile(FILE, "example.com").map((p, i) => ({
      ...validateRecord(p, "example.com"),
      id: String(i),
    }));
    const text = renderZoneFile({ id: "z", name: "example.com", serial: 7, records, childZones: [] });
    expect(text).toContain("@ 3600 IN SOA ns1.example.net. hostmaster.example.com. ( 7 ");
    const again = parseZoneFile(text, "example.com").map((p) => validateRecord(p, "example.com"));
    const withoutId = records.map((r) => JSON.stringify({ ...r, id: undefined }));
    expect(new Set(again.map((r) => JSON.stringify({ ...r, id: undefined })))).toEqual(new Set(withoutId));
  });
});
