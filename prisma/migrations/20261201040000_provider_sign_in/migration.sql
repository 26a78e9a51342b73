-- Accounts created through a sign-in provider have no password until their owner sets one (reset flow).
ALTER TABLE "User" ALTER COLUMN "passwordHash" DROP NOT NULL;
