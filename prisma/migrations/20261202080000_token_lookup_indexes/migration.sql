-- Every sign-up asks whether an email change's undo link still holds its address (by email and purpose),
-- and a new link for a sign-up attempt voids that attempt's older ones (by attemptId), as does deleting an
-- attempt (ON DELETE SET NULL). Without these, each of them read the whole table.
CREATE INDEX "Token_email_purpose_idx" ON "Token"("email", "purpose");
CREATE INDEX "Token_attemptId_idx" ON "Token"("attemptId");
