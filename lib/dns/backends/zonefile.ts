import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { renderZoneFile, type ZoneSnapshot } from "../render-zone";
import type { DnsBackend, SyncReport } from "./types";

// One RFC 1035 file per zone, named db.<zone> (the default pattern of CoreDNS's auto plugin).
// Written to a temporary file in the same directory and renamed over the old one, so a reader
// (CoreDNS reloading, named) never sees half a file.
export class ZoneFileBackend implements DnsBackend {
  readonly kind = "zonefile" as const;
  constructor(readonly dir: string) {}

  fileOf(zone: string): string {
    return path.join(this.dir, `db.${zone}`);
  }

  async syncZone(zone: ZoneSnapshot): Promise<SyncReport> {
    const file = this.fileOf(zone.name);
    const text = renderZoneFile(zone);
    const current = await fs.readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return null;
      throw err;
    });
    if (current === text) return { backend: this.kind, written: [], deleted: [] };
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.db.${zone.name}.${crypto.randomBytes(4).toString("hex")}.tmp`);
    try {
      await fs.writeFile(tmp, text, { mode: 0o644 });
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    return { backend: this.kind, written: [file], deleted: [] };
  }

  async removeZone(name: string): Promise<SyncReport> {
    const file = this.fileOf(name);
    try {
      await fs.unlink(file);
      return { backend: this.kind, written: [], deleted: [file] };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { backend: this.kind, written: [], deleted: [] };
      throw err;
    }
  }
}
