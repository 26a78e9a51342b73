-- The account's language for pages and emails (en, pt-BR, ...). Null for accounts made before languages
-- existed: they get the visitor's language on pages and DEFAULT_LOCALE in emails until they choose one.
ALTER TABLE "User" ADD COLUMN "locale" TEXT;
-- The language of the page (or the API's Accept-Language) a sign-up attempt was made in: its confirmation
-- emails use it, and confirming the attempt makes it the account's.
ALTER TABLE "SignupAttempt" ADD COLUMN "locale" TEXT;
