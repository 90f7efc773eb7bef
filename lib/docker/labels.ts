// Labels every container the product creates carries: the tenant scope of every Docker list,
// event and log is read from them (docs/decisions/007-docker-services.md).
export const LABEL_MANAGED = "securenexus.managed";
export const LABEL_CLIENT = "securenexus.client";
export const LABEL_SERVICE_TYPE = "securenexus.service.type";

/** The client a container belongs to, or null for a "system" container. */
export function clientOfLabels(labels: Record<string, string> | undefined | null): string | null {
  const id = labels?.[LABEL_CLIENT];
  return id && id !== "system" ? id : null;
}
/** The provisioning run that made a container, network or volume: a resumed run adopts only
 *  what carries its own run id, and a rollback removes exactly that (docs/decisions/019-provisioning.md). */
export const LABEL_PROVISIONING = "securenexus.provisioning";
