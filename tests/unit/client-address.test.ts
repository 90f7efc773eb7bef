import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { pickClient } from "@/lib/auth/request/request-context";

const trust = (value: string) =>
  parseConfig({ DATA_DIR: "/tmp/snx-client-address", TRUST_PROXY: value } as unknown as NodeJS.ProcessEnv).TRUST_PROXY;

describe("pickClient: the client address from x-forwarded-for + the socket peer", () => {
  const chain = ["6.6.6.6", "203.0.113.9", "172.18.0.2"]; // forged by the client, client, Traefik (the peer)

  it("believes only the socket by default", () => {
    expect(pickClient(chain, trust("0"))).toBe("172.18.0.2");
    expect(pickClient(chain, trust("false"))).toBe("172.18.0.2");
  });

  it("skips as many hops as TRUST_PROXY counts, never further left than the chain", () => {
    expect(pickClient(chain, trust("1"))).toBe("203.0.113.9");
    expect(pickClient(["172.18.0.2"], trust("3"))).toBe("172.18.0.2");
  });

  it("with a CIDR list, takes the right-most hop that is not a trusted proxy", () => {
    expect(pickClient(chain, trust("172.16.0.0/12"))).toBe("203.0.113.9");
    expect(pickClient([...chain.slice(0, 2), "10.0.0.7", "172.18.0.2"], trust("172.16.0.0/12, 10.0.0.7"))).toBe(
      "203.0.113.9",
    );
    expect(pickClient(["2001:db8::5", "fd00::1"], trust("fd00::/8"))).toBe("2001:db8::5");
  });

  it("refuses a TRUST_PROXY that is neither a count nor addresses", () => {
    expect(() => trust("true")).toThrow(/TRUST_PROXY: must be a hop count/);
    expect(() => trust("10.0.0.0/40")).toThrow(/TRUST_PROXY/);
  });
});
