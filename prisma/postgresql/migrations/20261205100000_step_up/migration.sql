-- AlterTable
ALTER TABLE "LoginSession" ADD COLUMN     "secondFactorAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "secondFactorOnSignIn" BOOLEAN NOT NULL DEFAULT false;
