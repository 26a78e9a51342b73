-- Refresh rotation with reuse detection for API sessions. Existing sessions have never been refreshed under
-- rotation (all three columns NULL): their next refresh starts it.
ALTER TABLE "Session" ADD COLUMN "refreshJti" TEXT;
ALTER TABLE "Session" ADD COLUMN "previousRefreshJti" TEXT;
ALTER TABLE "Session" ADD COLUMN "refreshedAt" TIMESTAMPTZ(3);
