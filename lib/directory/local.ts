import "server-only";
import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import type { Directory, DirectoryUser, DirectoryUserFilter, DirectoryUserPatch, NewDirectoryUser } from "./types";
import { isId } from "../kit/ids";

// The directory in our own tables (users, groups, group_members): the embedded default.

const userSelect = {
  id: true,
  username: true,
  email: true,
  fullName: true,
  isActive: true,
  lastLogin: true,
  memberships: { select: { group: { select: { id: true, name: true } } } },
} satisfies Prisma.UserSelect;

type Row = Prisma.UserGetPayload<{ select: typeof userSelect }>;

const toUser = (r: Row): DirectoryUser => ({
  id: r.id,
  username: r.username,
  email: r.email,
  fullName: r.fullName,
  isActive: r.isActive,
  lastLogin: r.lastLogin,
  groups: r.memberships.map((m) => m.group).sort((a, b) => a.name.localeCompare(b.name)),
});

function where(f: DirectoryUserFilter): Prisma.UserWhereInput {
  const and: Prisma.UserWhereInput[] = [];
  if (f.ids) and.push({ id: { in: f.ids.filter((id) => isId(id)) } });
  if (f.isActive !== undefined) and.push({ isActive: f.isActive });
  if (f.groupId)
    and.push({
      memberships: { some: { groupId: isId(f.groupId) ? f.groupId : "00000000-0000-0000-0000-000000000000" } },
    });
  if (f.search) {
    const contains = f.search;
    and.push({ OR: ["username", "email", "fullName"].map((k) => ({ [k]: { contains, mode: "insensitive" } })) });
  }
  return { AND: and };
}

/** Unique violations become CONFLICT naming the field, as the UI shows them next to it. */
function conflict(err: unknown): never {
  const e = err as { code?: string; meta?: { target?: unknown } };
  if (e.code === "P2002") {
    const field = String(JSON.stringify(e.meta ?? "")).includes("email") ? "email" : "username";
    throw new AppError("CONFLICT", `This ${field} is already taken`, { fields: { [field]: "already taken" } });
  }
  throw err;
}

type Tx = Prisma.TransactionClient;

/** The local directory's writes inside the caller's transaction, so that a user, their client
 *  links and their groups commit together (lib/users/manage-users.ts, ADR 031). */
export const localWrites = {
  async createUser(tx: Tx, input: NewDirectoryUser): Promise<DirectoryUser> {
    const row = await tx.user
      .create({ data: { ...input, passwordHash: input.passwordHash ?? null, source: "local" }, select: userSelect })
      .catch(conflict);
    return toUser(row);
  },
  async updateUser(tx: Tx, id: string, patch: DirectoryUserPatch & { passwordHash?: string }): Promise<void> {
    await tx.user.update({ where: { id }, data: patch, select: { id: true } }).catch(conflict);
  },
  async setGroups(tx: Tx, userId: string, add: string[], remove: string[]): Promise<void> {
    if (add.length)
      await tx.groupMember.createMany({ data: add.map((groupId) => ({ groupId, userId })), skipDuplicates: true });
    if (remove.length) await tx.groupMember.deleteMany({ where: { userId, groupId: { in: remove } } });
  },
};

export const localDirectory: Directory = {
  kind: "local",
  async listUsers(filter, { page, pageSize }) {
    const w = where(filter);
    const [rows, total] = await Promise.all([
      db().user.findMany({
        where: w,
        select: userSelect,
        orderBy: [{ username: "asc" }],
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      db().user.count({ where: w }),
    ]);
    return { items: rows.map(toUser), total, hasNextPage: page * pageSize < total };
  },
  async getUser(id) {
    if (!isId(id)) return null;
    const row = await db().user.findUnique({ where: { id }, select: userSelect });
    return row ? toUser(row) : null;
  },
  async createUser(input) {
    return localWrites.createUser(db(), input);
  },
  async updateUser(id, patch) {
    const row = await db().user.update({ where: { id }, data: patch, select: userSelect }).catch(conflict);
    return toUser(row);
  },
  async deleteUser(id) {
    await db().user.delete({ where: { id } });
  },
  async listGroups() {
    const rows = await db().group.findMany({
      orderBy: { name: "asc" },
      select: { id: true, name: true, members: { select: { userId: true } } },
    });
    return rows.map((g) => ({ id: g.id, name: g.name, memberIds: g.members.map((m) => m.userId) }));
  },
  async addUserToGroup(groupId, userId) {
    await db().groupMember.upsert({
      where: { groupId_userId: { groupId, userId } },
      create: { groupId, userId },
      update: {},
    });
  },
  async removeUserFromGroup(groupId, userId) {
    await db().groupMember.deleteMany({ where: { groupId, userId } });
  },
};

/** A group in our own tables. Only the local directory makes groups here; with Authentik they
 *  are made in Authentik. CONFLICT when the name is taken. */
export async function createLocalGroup(name: string): Promise<{ id: string; name: string }> {
  return db()
    .group.create({ data: { name }, select: { id: true, name: true } })
    .catch((err: { code?: string }) => {
      if (err.code === "P2002")
        throw new AppError("CONFLICT", `A group named ${name} already exists`, { fields: { name: "already taken" } });
      throw err;
    });
}
