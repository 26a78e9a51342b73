"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { FormAlert } from "@/app/components/form";

// "Sign in with a passkey", and the browser's autofill offering passkeys on the username field (conditional
// mediation) where it is supported. The WebAuthn helper loads only here, after the page, so the sign-in page's
// first load stays small; without JavaScript there are no passkeys, and the password form works as before.

type Outcome = { redirect?: string; message?: string };

async function passkeySignIn(callbackUrl: string, autofill: boolean): Promise<Outcome> {
  const { startAuthentication } = await import("@simplewebauthn/browser");
  const optionsJSON = await (await fetch("/login/passkey/options", { method: "POST" })).json();
  const response = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
  const answer = await fetch("/login/passkey", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ response, callbackUrl }),
  });
  return answer.json();
}

function isCancelled(error: unknown) {
  const name = (error as { name?: string })?.name;
  return name === "AbortError" || name === "NotAllowedError";
}

export function PasskeySignIn({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("Passkeys");
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [supported, setSupported] = useState(false);
  const started = useRef(false);

  const finish = (outcome: Outcome) => {
    if (outcome.redirect) window.location.assign(outcome.redirect);
    else setMessage(outcome.message ?? t("didNotWork"));
  };

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      const { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill } = await import("@simplewebauthn/browser");
      setSupported(browserSupportsWebAuthn());
      if (!(await browserSupportsWebAuthnAutofill())) return;
      try {
        finish(await passkeySignIn(callbackUrl, true));
      } catch (error) {
        if (!isCancelled(error)) setMessage(t("browserFailedRetry"));
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once per page; t never changes there
  }, [callbackUrl]);

  if (!supported) return null;
  return (
    <div className="field after-button">
      {message && <FormAlert kind="error">{message}</FormAlert>}
      <button
        type="button"
        className="button secondary block"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setMessage(null);
          try {
            finish(await passkeySignIn(callbackUrl, false));
          } catch (error) {
            setMessage(
              isCancelled(error) ? t("signInCancelled") : t("browserFailed"),
            );
          } finally {
            setPending(false);
          }
        }}
      >
        {t("signIn")}
      </button>
    </div>
  );
}
