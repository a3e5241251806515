-- AlterTable
ALTER TABLE "LoginSession" ADD COLUMN "secondFactorAt" DATETIME;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "secondFactorOnSignIn" BOOLEAN NOT NULL DEFAULT false;
