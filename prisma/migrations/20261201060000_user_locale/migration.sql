-- The account's language for pages and emails (en, pt-BR, ...). Null for accounts made before languages
-- existed: they get the visitor's language on pages and DEFAULT_LOCALE in emails until they choose one.
ALTER TABLE "User" ADD COLUMN "locale" TEXT;
