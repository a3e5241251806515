-- AlterTable
ALTER TABLE "TelegramLinkRequest" ADD COLUMN "telegramId" TEXT;

-- CreateIndex
CREATE INDEX "TelegramLinkRequest_telegramId_idx" ON "TelegramLinkRequest"("telegramId");

