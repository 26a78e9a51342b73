"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field, FormAlert } from "@/app/components/form";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/shared/limits";
import { addPasskeyAction, passkeyOptionsAction } from "./actions";

// Adding a passkey needs the browser's WebAuthn API, so this form needs JavaScript (the page says so without it).
export function AddPasskeyForm() {
  const t = useTranslations("Security");
  const validation = useTranslations("Validation");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function add(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setMessage(undefined);
    if (!name.trim()) {
      setError(validation("passkeyNameRequired"));
      return;
    }
    setPending(true);
    try {
      const { startRegistration } = await import("@simplewebauthn/browser");
      const optionsJSON = await passkeyOptionsAction();
      const response = await startRegistration({ optionsJSON });
      const result = await addPasskeyAction(name, response);
      setError(result?.fieldErrors?.name?.[0]);
      setMessage(result?.message);
    } catch (caught) {
      const cancelled = (caught as { name?: string })?.name === "NotAllowedError";
      setMessage(cancelled ? t("addCancelled") : t("addUnsupported"));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <h3>{t("addPasskey")}</h3>
      {message && <FormAlert kind="error">{message}</FormAlert>}
      <form onSubmit={add} noValidate style={{ maxWidth: 440 }}>
        <Field
          name="passkeyName"
          label={t("passkeyName")}
          hint={t("passkeyNameHint")}
          maxLength={PASSKEY_NAME_MAX_LENGTH}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={error}
        />
        <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
          {pending ? t("waitingForDevice") : t("addPasskey")}
        </button>
      </form>
    </>
  );
}
