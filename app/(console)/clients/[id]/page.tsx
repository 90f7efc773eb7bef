import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/current-actor";
import { getClient } from "@/lib/clients/list-clients";
import { isAppError } from "@/lib/errors";
import { ClientStatusRefresh } from "./status-refresh";

export const metadata = { title: "Client" };

export default async function ClientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const client = await getClient({ actor: await requireActor(), id }).catch((err) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold" data-testid="client-name">{client.name}</h1>
      <p className="text-slate-500">{client.domain}</p>
      <ClientStatusRefresh id={client.id} initial={client.status} />
    </div>
  );
}
