import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { checkCreateSpec } from "@/lib/docker/safe-create";
import { containerSpec, traefikLabels } from "@/lib/provisioning/container-spec";
import { brandingSchema, clientShort } from "@/lib/provisioning/plan";
import { brandingFiles } from "@/lib/provisioning/steps/finish";
import { tarOf } from "@/lib/provisioning/tar";
import { loadCatalog } from "@/lib/provisioning/templates";
import { expand, templateSchema, TEMPLATE_TYPES } from "@/lib/provisioning/templates/schema";

// The service catalogs as shipped: every template parses, covers the seed's types, and turns
// into a container request the safe creation path accepts (no host paths, no privileges).

const CLIENT = "0b7c6a1e-1111-4222-8333-944455556666";

describe.each(["production", "test"] as const)("the %s catalog", (kind) => {
  const templates = loadCatalog(kind);

  it("has one template per seed service type", () => {
    expect(templates.map((t) => t.type).sort()).toEqual([...TEMPLATE_TYPES].sort());
  });

  it.each(templates.map((t) => [t.type, t]))(
    "%s makes a safe, fully expanded container request with limits",
    (_type, t) => {
      const name = `snx-${clientShort(CLIENT)}-${t.name}`;
      const s = {
        type: t.type,
        name,
        host: t.subdomain ? `${t.subdomain}.acme.test` : null,
        template: t,
        volumes: t.volumes.map((v) => ({ name: `${name}-${v.name}`, target: v.target })),
      };
      const secrets = Object.fromEntries(t.secrets.map((x) => [x, `value-of-${x}`]));
      const spec = containerSpec(s, {
        clientId: CLIENT,
        domain: "acme.test",
        network: "snx-net",
        secrets,
        labels: traefikLabels(s, { network: "snx-net", certResolver: "le" }),
      });
      expect(() => checkCreateSpec(spec, "/srv/nowhere")).not.toThrow();
      expect(JSON.stringify(spec)).not.toMatch(/\$\{/);
      expect(spec.HostConfig?.Memory).toBeGreaterThan(0);
      expect(spec.HostConfig?.NanoCpus).toBeGreaterThan(0);
      expect(spec.HostConfig?.PortBindings).toBeUndefined(); // reached through Traefik, never a host port
      if (t.httpPort) expect(spec.Labels?.[`traefik.http.routers.${name}.tls.certresolver`]).toBe("le");
    },
  );
});

describe("templates", () => {
  it("refuse a placeholder of a secret the template does not generate", () => {
    const r = templateSchema.safeParse({
      type: "CACHE",
      name: "cache",
      title: "x",
      image: "redis:7",
      env: { P: "${secret:nope}" },
      resources: { memoryMb: 64, cpus: 0.5 },
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("${secret:nope}");
  });

  it("expand placeholders and never invent a missing secret", () => {
    const v = {
      secrets: { pw: "s3cret" },
      domain: "acme.test",
      host: "erp.acme.test",
      client: CLIENT,
      service: "snx-x-erp",
    };
    expect(expand("https://${host}/?p=${secret:pw}&d=${domain}", v)).toBe(
      "https://erp.acme.test/?p=s3cret&d=acme.test",
    );
    expect(() => expand("${secret:other}", v)).toThrow(/not generated/);
  });
});

describe("branding input", () => {
  it("takes a small image data URL and #rrggbb colours; refuses the rest", () => {
    const logo = `data:image/png;base64,${Buffer.alloc(100).toString("base64")}`;
    expect(brandingSchema.parse({ logo, primaryColor: "#A1b2C3", accentColor: null })).toEqual({
      logo,
      primaryColor: "#A1b2C3",
      accentColor: undefined,
    });
    expect(
      brandingSchema.safeParse({ logo: `data:image/png;base64,${Buffer.alloc(60 * 1024).toString("base64")}` }).success,
    ).toBe(false);
    expect(brandingSchema.safeParse({ logo: "data:text/html;base64,PHNjcmlwdD4=" }).success).toBe(false);
    expect(brandingSchema.safeParse({ primaryColor: "red" }).success).toBe(false);
  });

  it("becomes a ustar archive with the logo and branding.json", () => {
    const { files } = brandingFiles({ logo: "data:image/svg+xml;base64,PHN2Zy8+", primaryColor: "#000000" });
    const tar = tarOf(files);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(257, 262).toString()).toBe("ustar");
    const names: string[] = [];
    for (let off = 0; off < tar.length && tar[off] !== 0;) {
      const name = tar
        .subarray(off, off + 100)
        .toString()
        .replace(/\0.*$/s, "");
      const size = parseInt(tar.subarray(off + 124, off + 135).toString(), 8);
      const sum = parseInt(tar.subarray(off + 148, off + 154).toString(), 8);
      const header = Buffer.from(tar.subarray(off, off + 512));
      header.fill(" ", 148, 156);
      expect(header.reduce((a, b) => a + b, 0)).toBe(sum);
      names.push(name);
      off += 512 + Math.ceil(size / 512) * 512;
    }
    expect(names).toEqual([
      "securenexus-branding/",
      "securenexus-branding/logo.svg",
      "securenexus-branding/branding.json",
    ]);
  });
});

describe("SECRETS_KEY", () => {
  it("must be 32 bytes in base64: a bad key stops the start naming the variable", () => {
    const env = (key: string) =>
      ({ DATA_DIR: "/tmp/snx-cfg", NEXTAUTH_SECRET: "x".repeat(40), SECRETS_KEY: key }) as unknown as NodeJS.ProcessEnv;
    expect(() => parseConfig(env("too-short"))).toThrow(/SECRETS_KEY/);
    const key = crypto.randomBytes(32).toString("base64");
    expect(parseConfig(env(key)).SECRETS_KEY).toBe(key); // the key given is the key in use
  });
});
