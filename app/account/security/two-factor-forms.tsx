"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Field, FormAlert, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { confirmTotpAction, disableTotpAction, regenerateCodesAction, type SecurityFormState } from "./actions";

const CODE_FIELDS = ["code"];
const DISABLE_FIELDS = ["password", "code"];

export function ConfirmTotpForm({ codesFileHeading }: { codesFileHeading: string }) {
  const t = useTranslations("Security");
  const [state, formAction, pending] = useActionState<SecurityFormState, FormData>(confirmTotpAction, {});
  useFocusFirstError(state.fieldErrors, CODE_FIELDS);
  if (state.recoveryCodes) {
    return (
      <>
        <FormAlert kind="ok">{t("isOn")}</FormAlert>
        <RecoveryCodes codes={state.recoveryCodes} fileHeading={codesFileHeading} />
      </>
    );
  }
  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <form action={formAction} noValidate style={{ maxWidth: 440 }}>
        <Field
          name="code"
          label={t("codeFromApp")}
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          maxLength={7}
          error={state.fieldErrors?.code?.[0]}
        />
        <SubmitButton pending={pending} pendingText={t("checking")} className="button">
          {t("turnOn")}
        </SubmitButton>
      </form>
    </>
  );
}

export function RegenerateCodesForm({ codesFileHeading }: { codesFileHeading: string }) {
  const t = useTranslations("Security");
  const [state, formAction, pending] = useActionState<SecurityFormState>(regenerateCodesAction, {});
  if (state.recoveryCodes) return <RecoveryCodes codes={state.recoveryCodes} fileHeading={codesFileHeading} />;
  return (
    <form action={formAction}>
      <SubmitButton pending={pending} pendingText={t("makingCodes")} className="button secondary">
        {t("makeCodes")}
      </SubmitButton>
    </form>
  );
}

/** The codes, shown this once, with a download and a copy button. */
function RecoveryCodes({ codes, fileHeading }: { codes: string[]; fileHeading: string }) {
  const t = useTranslations("Security");
  const [copied, setCopied] = useState(false);
  const text = `${fileHeading}\n\n${codes.join("\n")}\n`;
  return (
    <div>
      <h3>{t("saveCodesHeading")}</h3>
      <p>{t("saveCodesIntro")}</p>
      <ul className="recovery-codes" aria-label={t("recoveryCodesList")}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="actions" style={{ justifyContent: "flex-start" }}>
        <a
          className="button secondary"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="recovery-codes.txt"
        >
          {t("download")}
        </a>
        <button
          type="button"
          className="button secondary"
          onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true))}
        >
          {copied ? t("copied") : t("copy")}
        </button>
        <Link className="button" href="/account/security">
          {t("savedThem")}
        </Link>
      </div>
    </div>
  );
}

export function DisableTotpForm() {
  const t = useTranslations("Security");
  const [state, formAction, pending] = useActionState<SecurityFormState, FormData>(disableTotpAction, {});
  useFocusFirstError(state.fieldErrors, DISABLE_FIELDS);
  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <form action={formAction} noValidate style={{ maxWidth: 440 }}>
        <PasswordField
          name="password"
          label={t("yourPassword")}
          autoComplete="current-password"
          required
          maxLength={256}
          error={state.fieldErrors?.password?.[0]}
        />
        <Field
          name="code"
          label={t("codeOrRecovery")}
          autoComplete="one-time-code"
          required
          maxLength={40}
          error={state.fieldErrors?.code?.[0]}
        />
        <SubmitButton pending={pending} pendingText={t("turningOff")} className="button danger">
          {t("turnOffHeading")}
        </SubmitButton>
      </form>
    </>
  );
}
