-- Zones belong to a client by client_id, never by name (docs/decisions/025-zone-ownership-and-domain-hierarchy.md).

-- Names in one form: lower case, no trailing dot. (The console always stored them so; this only
-- repairs rows written by hand. A repair that collides with another row fails here, loudly.)
UPDATE "clients" SET "domain" = lower(rtrim("domain", '.')) WHERE "domain" <> lower(rtrim("domain", '.'));
UPDATE "dns_zones" SET "name" = lower(rtrim("name", '.')) WHERE "name" <> lower(rtrim("name", '.'));

-- The database refuses any other form: ASCII letters, digits, hyphens and dots (IDN as punycode,
-- converted by the console), no dot at either end. With it the UNIQUE index on clients.domain and
-- on dns_zones.name is a unique index on the normalised name.
ALTER TABLE "clients" ADD CONSTRAINT "clients_domain_normalised" CHECK ("domain" ~ '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$');
ALTER TABLE "dns_zones" ADD CONSTRAINT "dns_zones_name_normalised" CHECK ("name" ~ '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$');

-- Zones without a client get the one today's name rule gave them: the live client whose domain
-- is the zone's name or its nearest parent (the longest suffix match).
UPDATE "dns_zones" AS z SET "client_id" = (
  SELECT c."id" FROM "clients" AS c
  WHERE c."deleted_at" IS NULL AND (z."name" = c."domain" OR right(z."name", length(c."domain") + 1) = '.' || c."domain")
  ORDER BY length(c."domain") DESC LIMIT 1
)
WHERE z."client_id" IS NULL;
