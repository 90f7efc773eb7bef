-- AlterTable
ALTER TABLE "users" ADD COLUMN     "failed_sign_ins" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_failed_sign_in_at" TIMESTAMPTZ(6);

-- CreateTable
CREATE TABLE "step_ups" (
    "subject" VARCHAR(128) NOT NULL,
    "user_id" UUID NOT NULL,
    "method" VARCHAR(20) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "step_ups_pkey" PRIMARY KEY ("subject")
);

-- CreateTable
CREATE TABLE "group_role_mappings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pattern" VARCHAR(255) NOT NULL,
    "role" "Role" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_role_mappings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "step_ups_user_id_idx" ON "step_ups"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "group_role_mappings_pattern_key" ON "group_role_mappings"("pattern");
