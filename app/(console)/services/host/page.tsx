import Link from "next/link";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { isAppError } from "@/lib/errors";
import { listImages, listNetworks, listVolumes } from "@/lib/services/resources";
import { formatBytes } from "../format";
import { CreateForm, PruneButton, RemoveButton } from "./host-controls";
import { PullImage } from "./pull-image";

export const metadata = { title: "Docker host" };
export const dynamic = "force-dynamic";

const BUILT_IN_NETWORKS = new Set(["bridge", "host", "none"]);
const list = "divide-y divide-slate-200 dark:divide-slate-800";
const row = "flex flex-wrap items-center gap-x-3 gap-y-1 py-1 text-sm";
const empty = "text-sm text-slate-500";

/** The Docker host's images, networks and volumes (global roles; the domain refuses others).
 *  Buttons show for the roles whose permission allows them; the domain checks again. */
export default async function DockerHostPage() {
  const actor = await requireActor();
  if (!can(actor, "image:read")) {
    return <p>The Docker host&apos;s images, networks and volumes are for SUPER_ADMIN and DEVELOPER.</p>;
  }
  let data;
  try {
    data = await Promise.all([listImages({ actor }), listNetworks({ actor }), listVolumes({ actor })]);
  } catch (err) {
    if (!isAppError(err) || err.code !== "UNAVAILABLE") throw err;
    return (
      <p role="alert" className="text-red-600">
        {err.message}
      </p>
    );
  }
  const [images, networks, volumes] = data;
  const mayNetwork = can(actor, "network:write"),
    mayVolume = can(actor, "volume:write");
  return (
    <div className="space-y-6">
      <p>
        <Link href="/services" className="underline">
          ← Services
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Docker host</h1>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Images ({images.length})</h2>
        {can(actor, "image:pull") && <PullImage />}
        {can(actor, "image:prune") && <PruneButton />}
        {images.length === 0 ? (
          <p className={empty} data-testid="images-empty">
            No images on this host.
          </p>
        ) : (
          <ul className={list} data-testid="images">
            {images.map((i) => (
              <li key={i.id} className={row}>
                <span className="break-all font-medium">{i.tags.join(", ") || "<untagged>"}</span>
                <span className="font-mono text-slate-500">{i.id.replace(/^sha256:/, "").slice(0, 12)}</span>
                <span className="text-slate-500">{formatBytes(i.size)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Networks ({networks.length})</h2>
        {mayNetwork && <CreateForm kind="network" />}
        {networks.length === 0 ? (
          <p className={empty}>No networks.</p>
        ) : (
          <ul className={list} data-testid="networks">
            {networks.map((n) => (
              <li key={n.id} className={row} data-testid="network-row">
                <span className="break-all font-medium">{n.name}</span>
                <span className="text-slate-500">
                  {n.driver}
                  {n.internal ? ", internal" : ""}
                </span>
                <span className="break-all text-slate-500">
                  {n.containers.length ? `used by ${n.containers.join(", ")}` : "unused"}
                </span>
                {mayNetwork && !BUILT_IN_NETWORKS.has(n.name) && <RemoveButton kind="network" name={n.name} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Volumes ({volumes.length})</h2>
        {mayVolume && <CreateForm kind="volume" />}
        {volumes.length === 0 ? (
          <p className={empty} data-testid="volumes-empty">
            No volumes yet.
          </p>
        ) : (
          <ul className={list} data-testid="volumes">
            {volumes.map((v) => (
              <li key={v.name} className={row} data-testid="volume-row">
                <span className="break-all font-medium">{v.name}</span>
                <span className="break-all text-slate-500">
                  {v.usedBy.length ? `used by ${v.usedBy.join(", ")}` : "unused"}
                </span>
                {mayVolume && <RemoveButton kind="volume" name={v.name} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
