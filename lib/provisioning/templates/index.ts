import { config } from "../../config";
import { AppError } from "../../errors";
import { productionTemplates } from "./production";
import { templateSchema, type ServiceTemplate, type TemplateType } from "./schema";
import { testTemplates } from "./test";

export { TEMPLATE_TYPES, expand, type ServiceTemplate, type TemplateType } from "./schema";

// The catalog in use: SERVICE_CATALOG=production (default) or test (busybox, for these machines).
// Parsed once; a broken template throws naming the catalog, template and field.

const g = globalThis as { __snxCatalog?: { kind: string; templates: ServiceTemplate[] } };

export function loadCatalog(kind: "production" | "test"): ServiceTemplate[] {
  const raw = kind === "test" ? testTemplates : productionTemplates;
  return raw.map((t, i) => {
    const parsed = templateSchema.safeParse(t);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`service catalog ${kind}: template ${t.type ?? i} ${issue.path.join(".")}: ${issue.message}`);
    }
    return parsed.data;
  });
}

export function serviceCatalog(): ServiceTemplate[] {
  const kind = config().SERVICE_CATALOG;
  if (g.__snxCatalog?.kind !== kind) g.__snxCatalog = { kind, templates: loadCatalog(kind) };
  return g.__snxCatalog.templates;
}

export function templateFor(type: string): ServiceTemplate {
  const t = serviceCatalog().find((x) => x.type === type);
  if (!t)
    throw new AppError("VALIDATION", `No service template for ${type}`, {
      fields: { services: `no template for ${type}` },
    });
  return t;
}

export const isTemplateType = (t: string): t is TemplateType => serviceCatalog().some((x) => x.type === t);
