-- The bot deep link is the "bot login" (never mistaken for account linking): its
-- table and its provider id ("telegram-link" -> "telegram-bot") are renamed, keeping
-- every row.
ALTER TABLE "TelegramLinkRequest" RENAME TO "TelegramBotLogin";
DROP INDEX "TelegramLinkRequest_expiresAt_idx";
DROP INDEX "TelegramLinkRequest_telegramId_idx";
CREATE INDEX "TelegramBotLogin_expiresAt_idx" ON "TelegramBotLogin"("expiresAt");
CREATE INDEX "TelegramBotLogin_telegramId_idx" ON "TelegramBotLogin"("telegramId");

UPDATE "LoginSession" SET "provider" = 'telegram-bot' WHERE "provider" = 'telegram-link';
UPDATE "SecurityEvent" SET "provider" = 'telegram-bot' WHERE "provider" = 'telegram-link';
UPDATE "PendingLink" SET "provider" = 'telegram-bot' WHERE "provider" = 'telegram-link';
