"use server";
import { requireActor } from "@/lib/auth/request/current-actor";
import { deleteGroupRoleMapping, setGroupRoleMapping } from "@/lib/identity/role-mapping-settings";
import { attempt, type ActionState } from "@/components/action-state";

// Settings → Roles mapping: one domain call each; the domain checks role-mapping:write and audits.
const run = (work: () => Promise<string>): Promise<ActionState> => attempt(work, { revalidate: ["/settings"] });

export async function setRoleMappingAction(pattern: string, role: string) {
  return run(async () => {
    const row = await setGroupRoleMapping({ actor: await requireActor(), pattern, role });
    return `Group “${row.pattern}” → ${row.role}`;
  });
}

export async function deleteRoleMappingAction(pattern: string) {
  return run(
    async () => (
      await deleteGroupRoleMapping({ actor: await requireActor(), pattern }),
      `Mapping for “${pattern}” removed`
    ),
  );
}
