"use client";

import { startTransition, useEffect, useRef, type FormEvent, type InputHTMLAttributes, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import type { FieldErrors as FormErrors, FieldValues, Resolver, UseFormReturn } from "react-hook-form";
import { PASSWORD_MAX_LENGTH } from "@/lib/shared/limits";
import type * as z from "zod/mini";

// Accessible form parts shared by every page: a label, an input that names its error and hint with
// aria-describedby, and an error area that is always present (no layout shift) and announced politely.

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children?: ReactNode;
};

export function Field({ name, label, error, hint, children, ...input }: FieldProps) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={children ? "password-row" : undefined}>
        <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
        {children}
      </div>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <div className="error" id={`${id}-error`} aria-live="polite">
        {error}
      </div>
    </div>
  );
}

export function SubmitButton({
  pending,
  children,
  pendingText,
  className = "button block",
}: {
  pending: boolean;
  children: ReactNode;
  pendingText: string;
  className?: string;
}) {
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? pendingText : children}
    </button>
  );
}

/** A form-level message; errors take focus so screen-reader and keyboard users land on them. */
export function FormAlert({ kind, children }: { kind: "error" | "ok" | "info"; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (kind === "error") ref.current?.focus();
  }, [kind, children]);
  return (
    <div ref={ref} className={`alert ${kind}`} role={kind === "error" ? "alert" : "status"} tabIndex={-1}>
      {children}
    </div>
  );
}

/**
 * A field's error as people read it. The browser's check (the shared zod schemas) answers a "Validation"
 * message key, translated here; the server action answers a sentence already in the page's language.
 * Needs the "Validation" messages (app/components/client-messages.tsx).
 */
export function useFieldErrors<T extends FieldValues>(
  clientErrors: FormErrors<T>,
  serverErrors: Record<string, string[] | undefined> | undefined,
  values: { min?: number; appName?: string } = {},
) {
  const t = useTranslations("Validation");
  // The key is data (whatever the schema answered), so the typed translator is used untyped here.
  const translate = t as unknown as (key: string, values: object) => string;
  const has = t.has as unknown as (key: string) => boolean;
  return (name: keyof T & string): string | undefined => {
    const key = clientErrors[name]?.message;
    if (typeof key === "string" && key) {
      return has(key) ? translate(key, { max: PASSWORD_MAX_LENGTH, min: 0, appName: "", ...values }) : key;
    }
    return serverErrors?.[name]?.[0];
  };
}

/** Moves focus to the first field the server marked invalid (client-side errors are focused by react-hook-form). */
export function useFocusFirstError(errors: Record<string, unknown> | undefined, order: string[]) {
  useEffect(() => {
    const first = order.find((name) => errors?.[name]);
    if (first) document.getElementById(`field-${first}`)?.focus();
  }, [errors, order]);
}

/**
 * Progressive enhancement for a form whose `action` is a server action: with JavaScript, react-hook-form
 * validates first (same zod schema as the server) and only a valid form is posted; without it, the browser
 * posts the form to the action directly.
 */
export function enhancedSubmit<T extends FieldValues>(form: UseFormReturn<T>, formAction: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(() => startTransition(() => formAction(new FormData(element))))(event);
  };
}

type FormSchema = z.core.$ZodType<FieldValues, FieldValues>;

/**
 * react-hook-form's zod resolver for a schema of lib/validation, loaded on the form's first use rather
 * than with the page: zod and the resolver are a third of a form page's own JavaScript (the bench counts
 * first-load JS). Call `preload` when the user first focuses the form, so the chunk is there by the time
 * a field is left or the form submitted; a validation that comes first waits for it. If the chunk cannot
 * load, the form is posted unchecked and the server action (which always re-validates) answers.
 */
export function lazyResolver<S extends FormSchema>(load: () => Promise<S>) {
  type FormResolver = Resolver<z.input<S>, unknown, z.output<S>>;
  let loading: Promise<FormResolver> | undefined;
  const ready = () => {
    if (!loading) {
      loading = Promise.all([import("@hookform/resolvers/zod"), load()]).then(
        ([{ zodResolver }, schema]) => zodResolver(schema as FormSchema) as unknown as FormResolver,
      );
      // A failed load (flaky network, a deploy replaced the chunk) is retried on the next validation.
      loading.catch(() => (loading = undefined));
    }
    return loading;
  };
  const resolver: FormResolver = async (values, context, options) => {
    let resolve: FormResolver;
    try {
      resolve = await ready();
    } catch {
      // Valid as far as the browser can tell; enhancedSubmit posts the form's own fields, not these values.
      return { values: values as z.output<S>, errors: {} };
    }
    return resolve(values, context, options);
  };
  return { resolver, preload: () => void ready() };
}
