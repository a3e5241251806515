-- CreateTable
CREATE TABLE "TelegramLinkRequest" (
    "payload" TEXT NOT NULL PRIMARY KEY,
    "browserHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "telegramUser" TEXT,
    "confirmedAt" DATETIME,
    "usedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "TelegramLinkRequest_expiresAt_idx" ON "TelegramLinkRequest"("expiresAt");

