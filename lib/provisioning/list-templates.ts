import "server-only";
import { requirePermission, type Actor } from "../auth/actor";
import { serviceCatalog, type ServiceTemplate } from "./templates";

// The catalog the create wizard offers. Templates hold placeholders (${secret:…}), never values.
export async function listServiceTemplates({ actor }: { actor: Actor }): Promise<ServiceTemplate[]> {
  requirePermission(actor, "client:read");
  return serviceCatalog();
}
