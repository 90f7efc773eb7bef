import { z } from "zod";

// The one shape of a row id (our UUID primary keys). A string that is not one never reaches a
// query: PostgreSQL would reject the cast, and "not an id" means "not found" to the caller.
// Deliberately the plain 8-4-4-4-12 hex form (any version), as the ids in the database are.
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const idSchema = z.string().regex(ID_PATTERN, "Invalid UUID");

export const isId = (value: string): boolean => ID_PATTERN.test(value);
