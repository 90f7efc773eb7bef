-- CreateTable
CREATE TABLE "client_secrets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provisioning_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "client_id" UUID NOT NULL,
    "job_id" UUID,
    "status" VARCHAR(20) NOT NULL DEFAULT 'queued',
    "current_step" VARCHAR(30),
    "error" TEXT,
    "input" JSONB NOT NULL DEFAULT '{}',
    "generation" INTEGER NOT NULL DEFAULT 1,
    "log" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provisioning_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provisioning_steps" (
    "run_id" UUID NOT NULL,
    "name" VARCHAR(30) NOT NULL,
    "position" INTEGER NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'pending',
    "started_at" TIMESTAMPTZ(6),
    "finished_at" TIMESTAMPTZ(6),
    "error" TEXT,
    "skipped_reason" TEXT,
    "output" JSONB NOT NULL DEFAULT '{}',
    "executions" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "provisioning_steps_pkey" PRIMARY KEY ("run_id","name")
);

-- CreateIndex
CREATE UNIQUE INDEX "client_secrets_client_id_name_key" ON "client_secrets"("client_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "provisioning_runs_client_id_key" ON "provisioning_runs"("client_id");

-- CreateIndex
CREATE UNIQUE INDEX "services_client_id_name_key" ON "services"("client_id", "name");

-- AddForeignKey
ALTER TABLE "client_secrets" ADD CONSTRAINT "client_secrets_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provisioning_runs" ADD CONSTRAINT "provisioning_runs_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provisioning_steps" ADD CONSTRAINT "provisioning_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "provisioning_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
