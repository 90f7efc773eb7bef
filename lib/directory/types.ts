// One interface for the directory of people and groups, with two backends: the local tables
// (./local.ts) and Authentik's admin API (./authentik.ts). Ids are strings: our UUIDs locally,
// Authentik's numeric user pk / group uuid there. No business rules here (lib/users has them).

export type DirectoryGroupRef = { id: string; name: string };

export type DirectoryUser = {
  id: string;
  username: string;
  email: string;
  fullName: string;
  isActive: boolean;
  lastLogin: Date | null;
  groups: DirectoryGroupRef[];
  /** Authentik only: the values its OIDC provider may send as `sub` (uid = the default "hashed
   *  user id", uuid, pk), to find the console account (users.external_id) of this user. */
  subjects?: string[];
};

export type DirectoryGroup = DirectoryGroupRef & { memberIds: string[] };

export type DirectoryUserFilter = {
  search?: string;
  groupId?: string;
  isActive?: boolean;
  /** Only these users (the tenant scope of a CLIENT_ADMIN). */
  ids?: string[];
};

export type DirectoryPage = { page: number; pageSize: number };
export type DirectoryUserPage = { items: DirectoryUser[]; total: number; hasNextPage: boolean };

export type NewDirectoryUser = {
  username: string;
  email: string;
  fullName: string;
  isActive: boolean;
  /** argon2id hash, local backend only (Authentik keeps its own passwords). */
  passwordHash?: string | null;
};

export type DirectoryUserPatch = Partial<Omit<NewDirectoryUser, "passwordHash">>;

export interface Directory {
  readonly kind: "local" | "authentik";
  listUsers(filter: DirectoryUserFilter, page: DirectoryPage): Promise<DirectoryUserPage>;
  getUser(id: string): Promise<DirectoryUser | null>;
  createUser(input: NewDirectoryUser): Promise<DirectoryUser>;
  updateUser(id: string, patch: DirectoryUserPatch): Promise<DirectoryUser>;
  deleteUser(id: string): Promise<void>;
  listGroups(): Promise<DirectoryGroup[]>;
  addUserToGroup(groupId: string, userId: string): Promise<void>;
  removeUserFromGroup(groupId: string, userId: string): Promise<void>;
}
