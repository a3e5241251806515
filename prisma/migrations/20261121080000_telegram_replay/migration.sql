-- CreateTable
CREATE TABLE "UsedTelegramPayload" (
    "proof" TEXT NOT NULL PRIMARY KEY,
    "usedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "UsedTelegramPayload_expiresAt_idx" ON "UsedTelegramPayload"("expiresAt");

