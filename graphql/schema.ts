// Assembles the schema: each import registers its domain's types and fields on the builder.
import { builder } from "./builder";
import "./scalars";
import "./system";
import "./audit";
import "./clients";
import "./provisioning";
import "./tokens";
import "./dns";
import "./services";
import "./sessions";
import "./passkeys";
import "./step-up";
import "./group-role-mappings";
import "./users";
import "./scripts";

export const schema = builder.toSchema();
