import "server-only";
import fs from "node:fs/promises";
import os from "node:os";

// Host figures for systemStatus, as percentages. Read from the kernel through node:os and
// statfs: no agent, no Docker needed.

const round = (n: number) => Math.round(n * 10) / 10;

type CpuTimes = { idle: number; total: number; at: number };
const g = globalThis as { __snxCpuTimes?: CpuTimes };
function cpuTimes(): CpuTimes {
  let idle = 0,
    total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
  }
  return { idle, total, at: Date.now() };
}

/** Host CPU % since the previous call (at least 200 ms of ticks; the first call waits for them). */
export async function hostCpuPercent(): Promise<number> {
  let prev = g.__snxCpuTimes;
  if (!prev || Date.now() - prev.at < 200) {
    prev = cpuTimes();
    await new Promise((r) => setTimeout(r, 200));
  }
  const now = (g.__snxCpuTimes = cpuTimes());
  const total = now.total - prev.total;
  return total > 0 ? round((1 - (now.idle - prev.idle) / total) * 100) : 0;
}

/** Used memory % (free counts what the kernel can hand out, page cache included). */
export function memoryPercent(): number {
  return round((1 - os.freemem() / os.totalmem()) * 100);
}

/** Used share of the file system holding `dir`. */
export async function diskPercent(dir: string): Promise<number> {
  const s = await fs.statfs(dir).catch(() => null);
  return s && s.blocks > 0 ? round((1 - s.bavail / s.blocks) * 100) : 0;
}
