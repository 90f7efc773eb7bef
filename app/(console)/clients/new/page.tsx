import Link from "next/link";
import { can } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/request/current-actor";
import { listServiceTemplates } from "@/lib/provisioning/list-templates";
import { MAX_LOGO_BYTES } from "@/lib/provisioning/plan";
import { CreateClientWizard } from "./wizard";

export const metadata = { title: "New client" };

export default async function NewClientPage() {
  const actor = await requireActor();
  if (!can(actor, "client:create")) {
    return (
      <p role="alert">
        You may not create clients (missing permission client:create).{" "}
        <Link href="/clients" className="underline">
          Back to clients
        </Link>
      </p>
    );
  }
  const templates = (await listServiceTemplates({ actor })).map((t) => ({
    type: t.type,
    title: t.title,
    description: t.description,
  }));
  return (
    <div className="max-w-2xl space-y-4">
      <p className="text-sm">
        <Link href="/clients" className="underline">
          Clients
        </Link>{" "}
        / new
      </p>
      <h1 className="text-2xl font-semibold">New client</h1>
      <CreateClientWizard
        templates={templates}
        maxLogoBytes={MAX_LOGO_BYTES}
        canManageProvisioning={can(actor, "client:provision")}
      />
    </div>
  );
}
