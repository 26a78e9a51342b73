"use client";

import { useState } from "react";
import { Field, FormAlert } from "@/app/components/form";
import { addPasskeyAction, passkeyOptionsAction } from "./actions";

// Adding a passkey needs the browser's WebAuthn API, so this form needs JavaScript (the page says so without it).
export function AddPasskeyForm() {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function add(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setMessage(undefined);
    if (!name.trim()) {
      setError("Name the passkey, like “Laptop” or “Phone”.");
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
      setMessage(cancelled ? "Adding the passkey was cancelled." : "Your browser could not make a passkey here.");
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <h3>Add a passkey</h3>
      {message && <FormAlert kind="error">{message}</FormAlert>}
      <form onSubmit={add} noValidate style={{ maxWidth: 440 }}>
        <Field
          name="passkeyName"
          label="Passkey name"
          hint="So you can tell your passkeys apart, like “Work laptop”."
          maxLength={60}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={error}
        />
        <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
          {pending ? "Waiting for your device…" : "Add a passkey"}
        </button>
      </form>
    </>
  );
}
