-- AlterTable
ALTER TABLE "user_clients" ADD COLUMN     "source" VARCHAR(20) NOT NULL DEFAULT 'console';

-- Memberships of Authentik accounts made before this column existed came from the group mapping.
UPDATE "user_clients" SET "source" = 'mapping'
WHERE "user_id" IN (SELECT "id"::text FROM "users" WHERE "source" = 'authentik');
