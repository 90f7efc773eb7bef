import Link from "next/link";
import { requireActor } from "@/lib/auth/current-actor";
import { listImages, listNetworks, listVolumes } from "@/lib/services/resources";

export const metadata = { title: "Docker host" };
export const dynamic = "force-dynamic";

const mib = (n: number) => `${(n / (1 << 20)).toFixed(1)} MiB`;

/** The Docker host's images, networks and volumes (global roles; the domain refuses others). */
export default async function DockerHostPage() {
  const actor = await requireActor();
  const [images, networks, volumes] = await Promise.all([listImages({ actor }), listNetworks({ actor }), listVolumes({ actor })]);
  return (
    <div className="space-y-6">
      <p><Link href="/services" className="underline">← Services</Link></p>
      <h1 className="text-2xl font-semibold">Docker host</h1>
      <section>
        <h2 className="text-lg font-semibold">Images ({images.length})</h2>
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="images">
          {images.map((i) => (
            <li key={i.id} className="flex flex-wrap gap-x-3 py-1 text-sm">
              <span className="font-medium">{i.tags.join(", ") || "<untagged>"}</span>
              <span className="font-mono text-slate-500">{i.id.replace(/^sha256:/, "").slice(0, 12)}</span>
              <span className="text-slate-500">{mib(i.size)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="text-lg font-semibold">Networks ({networks.length})</h2>
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="networks">
          {networks.map((n) => (
            <li key={n.id} className="flex flex-wrap gap-x-3 py-1 text-sm">
              <span className="font-medium">{n.name}</span>
              <span className="text-slate-500">{n.driver}{n.internal ? ", internal" : ""}</span>
              <span className="text-slate-500">{n.containers.length ? `used by ${n.containers.join(", ")}` : "unused"}</span>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="text-lg font-semibold">Volumes ({volumes.length})</h2>
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="volumes">
          {volumes.map((v) => (
            <li key={v.name} className="flex flex-wrap gap-x-3 py-1 text-sm">
              <span className="break-all font-medium">{v.name}</span>
              <span className="text-slate-500">{v.usedBy.length ? `used by ${v.usedBy.join(", ")}` : "unused"}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
