-- Each unconfirmed sign-up keeps its own credentials until one of them is confirmed.
CREATE TABLE "SignupAttempt" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SignupAttempt_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "SignupAttempt_userId_idx" ON "SignupAttempt"("userId");
CREATE INDEX "SignupAttempt_username_idx" ON "SignupAttempt"("username");

ALTER TABLE "SignupAttempt" ADD CONSTRAINT "SignupAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "Token" ADD COLUMN "attemptId" UUID;

ALTER TABLE "Token" ADD CONSTRAINT "Token_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "SignupAttempt"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Existing unconfirmed accounts become one attempt each, with the row's own credentials, and their
-- confirmation links point at it, so links already in inboxes keep working. The attempt lives as long as
-- its newest unused link (or is already expired when there is none).
INSERT INTO "SignupAttempt" ("id", "userId", "username", "passwordHash", "createdAt", "expiresAt")
SELECT gen_random_uuid(), u."id", u."username", u."passwordHash", u."createdAt",
       COALESCE((SELECT max(t."expiresAt") FROM "Token" t
                  WHERE t."userId" = u."id" AND t.purpose = 'confirm_email' AND t."usedAt" IS NULL), now())
  FROM "User" u
 WHERE u."emailVerified" IS NULL;

UPDATE "Token" t SET "attemptId" = a."id"
  FROM "SignupAttempt" a
 WHERE t."userId" = a."userId" AND t.purpose = 'confirm_email';
