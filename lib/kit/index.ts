// The domain rule's kit (docs/decisions/031-domain-kit.md): every domain function validates with
// parseInput/idSchema, checks with denyUnless/refuse (or inside audited, which records a denial),
// and does its work inside audited (a transaction) or auditedCall (Docker, Authentik, etcd …).
export { audited, auditedCall, type Resource } from "./audited";
export { denyUnless, refuse, type Attempt } from "./deny";
export { idSchema, isId } from "./ids";
export { parseInput } from "./parse";
