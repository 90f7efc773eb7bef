"use server";
import { revalidatePath } from "next/cache";
import { requireActor } from "@/lib/auth/current-actor";
import { deleteGroupRoleMapping, setGroupRoleMapping } from "@/lib/auth/role-mapping-settings";
import { isAppError } from "@/lib/errors";

// Settings → Roles mapping: one domain call each; the domain checks role-mapping:write and audits.
export type RoleMappingResult = { error?: string; ok?: string };

async function run(work: () => Promise<string>): Promise<RoleMappingResult> {
  try {
    const ok = await work();
    revalidatePath("/settings");
    return { ok };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    throw err;
  }
}

export async function setRoleMappingAction(pattern: string, role: string) {
  return run(async () => {
    const row = await setGroupRoleMapping({ actor: await requireActor(), pattern, role });
    return `Group “${row.pattern}” → ${row.role}`;
  });
}

export async function deleteRoleMappingAction(pattern: string) {
  return run(async () => (await deleteGroupRoleMapping({ actor: await requireActor(), pattern }), `Mapping for “${pattern}” removed`));
}
