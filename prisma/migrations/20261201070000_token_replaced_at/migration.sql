-- When a newer link of the same kind replaced this one (it is also marked used): the page of an old link
-- can then say "replaced by a newer one" rather than "already used". Existing rows stay NULL (shown as used).
ALTER TABLE "Token" ADD COLUMN "replacedAt" TIMESTAMPTZ(3);
