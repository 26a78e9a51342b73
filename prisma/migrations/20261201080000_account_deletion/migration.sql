-- A deleted account waits out its grace period: the time it is due for removal (NULL for every existing row).
ALTER TABLE "User" ADD COLUMN "deletionDueAt" TIMESTAMPTZ(3);

CREATE INDEX "User_deletionDueAt_idx" ON "User"("deletionDueAt");
