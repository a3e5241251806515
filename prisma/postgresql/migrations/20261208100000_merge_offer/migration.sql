-- CreateTable
CREATE TABLE "MergeOffer" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "otherUserId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "otherFactorAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MergeOffer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MergeOffer_userId_idx" ON "MergeOffer"("userId");

-- AddForeignKey
ALTER TABLE "MergeOffer" ADD CONSTRAINT "MergeOffer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
