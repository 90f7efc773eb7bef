-- CreateTable
CREATE TABLE "dns_zones" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR(253) NOT NULL,
    "client_id" UUID,
    "serial" INTEGER NOT NULL DEFAULT 1,
    "dnssec_enabled" BOOLEAN NOT NULL DEFAULT false,
    "dnssec_public_key" TEXT,
    "dnssec_private_key" TEXT,
    "dnssec_key_tag" INTEGER,
    "last_synced_at" TIMESTAMPTZ(6),
    "last_sync_error" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dns_zones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dns_records" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "zone_id" UUID NOT NULL,
    "name" VARCHAR(253) NOT NULL,
    "type" VARCHAR(10) NOT NULL,
    "value" TEXT NOT NULL,
    "ttl" INTEGER NOT NULL DEFAULT 3600,
    "priority" INTEGER,
    "weight" INTEGER,
    "port" INTEGER,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dns_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "dns_zones_name_key" ON "dns_zones"("name");

-- CreateIndex
CREATE INDEX "dns_zones_client_id_idx" ON "dns_zones"("client_id");

-- CreateIndex
CREATE INDEX "dns_records_zone_id_name_idx" ON "dns_records"("zone_id", "name");

-- AddForeignKey
ALTER TABLE "dns_zones" ADD CONSTRAINT "dns_zones_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dns_records" ADD CONSTRAINT "dns_records_zone_id_fkey" FOREIGN KEY ("zone_id") REFERENCES "dns_zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;
