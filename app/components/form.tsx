"use client";

import {
  startTransition,
  useActionState,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from "react";
import { useTranslations } from "next-intl";
import { PASSWORD_MAX_LENGTH } from "@/lib/shared/limits";
import { useFormCheck, type FieldProblems, type FormCheck } from "./form-check";

// Accessible form parts shared by every page, after the GOV.UK error pattern: fields are checked when the
// form is submitted (then again as the person corrects them); a failed submit puts an error summary at the
// top of the form ("There is a problem", each error a link to its field) and moves focus to it, every time,
// even when the errors are the same as last time; the page title starts with "Error: "; each inline message
// starts with a visually hidden "Error:". Without JavaScript the server renders the same summary, focused
// with the autofocus attribute, and the same title.

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children?: ReactNode;
};

export function Field({ name, label, error, hint, children, ...input }: FieldProps) {
  const t = useTranslations("Form");
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <div className={children ? "password-row" : undefined}>
        <input
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          {...input}
        />
        {children}
      </div>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {/* Reserved height, so an appearing message does not move the page. Not a live region: the error
          summary announces a failed submit, and the message is read with its field. */}
      <div className="error" id={`${id}-error`}>
        {error && (
          <>
            <span className="visually-hidden">{t("errorPrefix")} </span>
            {error}
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The submit button. While the form is being sent it says so and ignores presses, but it is never
 * `disabled`: a disabled button loses focus to <body>, and a keyboard or screen-reader user loses their place.
 */
export function SubmitButton({
  pending,
  children,
  pendingText,
  className = "button block",
  name,
  value,
}: {
  pending: boolean;
  children: ReactNode;
  pendingText: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const ignoreWhilePending = (event: MouseEvent<HTMLButtonElement>) => {
    if (pending) event.preventDefault();
  };
  return (
    <button
      type="submit"
      className={className}
      aria-disabled={pending || undefined}
      onClick={ignoreWhilePending}
      name={name}
      value={value}
    >
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
 * A success message that replaces a form: it takes focus when it appears (so focus does not fall to
 * <body> with the form it replaced) and names the new state in the page title.
 */
export function SuccessPanel({ title, children }: { title?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  usePageTitle(title);
  return (
    <div ref={ref} className="alert ok" role="status" tabIndex={-1}>
      {children}
    </div>
  );
}

/**
 * A field's error as people read it. The browser's check (the shared zod schemas) answers a "Validation"
 * message key, translated here; the server action answers a sentence already in the page's language.
 * Needs the "Validation" messages (app/components/client-messages.tsx).
 */
export function useFieldErrors(
  clientErrors: FieldProblems,
  serverErrors: Record<string, string[] | undefined> | undefined,
  values: { min?: number; appName?: string } = {},
) {
  const t = useTranslations("Validation");
  // The key is data (whatever the schema answered), so the typed translator is used untyped here.
  const translate = t as unknown as (key: string, values: object) => string;
  const has = t.has as unknown as (key: string) => boolean;
  return (name: string): string | undefined => {
    const key = clientErrors[name];
    if (key) {
      return has(key) ? translate(key, { max: PASSWORD_MAX_LENGTH, min: 0, appName: "", ...values }) : key;
    }
    return serverErrors?.[name]?.[0];
  };
}

/** Moves focus to the first field the server marked invalid. */
export function useFocusFirstError(errors: Record<string, unknown> | undefined, order: string[]) {
  useEffect(() => {
    const first = order.find((name) => errors?.[name]);
    if (first) document.getElementById(`field-${first}`)?.focus();
  }, [errors, order]);
}

export type SummaryError = { field?: string; message: ReactNode };

/**
 * "There is a problem" at the top of a form: each error links to its field. It is keyed by the caller on
 * the submit attempt, so a new attempt mounts a new alert (announced again) and focuses it again.
 */
export function ErrorSummary({ errors, children }: { errors: SummaryError[]; children?: ReactNode }) {
  const t = useTranslations("Form");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  if (errors.length === 0) return null;
  return (
    <div
      ref={ref}
      className="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      // Without JavaScript the browser focuses the summary of the page the server rendered.
      autoFocus
    >
      <h2 id="error-summary-title">{t("problem")}</h2>
      <ul>
        {errors.map((error, index) => (
          <li key={index}>
            {error.field ? (
              <a href={`#field-${error.field}`} onClick={focusField(error.field)}>
                {error.message}
              </a>
            ) : (
              error.message
            )}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}

function focusField(field: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    const input = document.getElementById(`field-${field}`);
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.scrollIntoView({ block: "center" });
  };
}

/**
 * "Error: " in front of the page title while errors are shown. Without JavaScript the server titles the
 * page it renders after a refused post (formPostTitle in app/components/page-title.ts).
 */
export function ErrorTitle({ show }: { show: boolean }) {
  const prefix = useTranslations("Form")("titlePrefix");
  useEffect(() => {
    const ERROR_PREFIX = prefix;
    const current = document.title.startsWith(ERROR_PREFIX)
      ? document.title.slice(ERROR_PREFIX.length)
      : document.title;
    document.title = show ? ERROR_PREFIX + current : current;
  }, [show, prefix]);
  return null;
}

/** Sets the page title for a state a page reaches without navigating (a sent message, a changed setting). */
export function usePageTitle(title: string | undefined) {
  useEffect(() => {
    if (!title) return;
    const previous = document.title;
    const suffix = previous.includes(" · ") ? previous.slice(previous.indexOf(" · ")) : "";
    document.title = title + suffix;
    return () => {
      document.title = previous;
    };
  }, [title]);
}

type ServerFormState = { fieldErrors?: Record<string, string[] | undefined>; message?: string };

/**
 * One form wired to its server action: the browser checks it on submit with the server's own zod schema
 * (app/components/form-check.ts, lazily loaded), and only a valid form is posted; the server re-validates
 * and answers a state.
 * Gives the fields' messages (the browser's, else the server's), the error summary's list and attempt
 * counter, and props for the <form>. Without JavaScript the browser posts to the action directly and the
 * server-rendered page carries the same summary.
 */
export function useServerForm<S extends ServerFormState, V extends Record<string, string>>({
  action,
  initialState,
  validation,
  fields,
  defaultValues,
  clearAfterFailure = [],
  values = {},
}: {
  action: (state: Awaited<S>, data: FormData) => Promise<S>;
  initialState: S;
  validation: FormCheck;
  /** Field names in the order they appear, for the summary. */
  fields: (keyof V & string)[];
  defaultValues: V;
  /** Fields emptied after the server refuses the form (a password that did not work). */
  clearAfterFailure?: (keyof V & string)[];
  /** Values the schema's messages name ({min}, {appName}). */
  values?: { min?: number; appName?: string };
}) {
  const [state, formAction, pending] = useActionState(action, initialState as Awaited<S>) as unknown as [
    S,
    (data: FormData) => void,
    boolean,
  ];
  const form = useFormCheck({ check: validation.check, defaultValues });
  const { problems: clientErrors, submitCount } = form;

  // Each refused submit, in the browser or on the server, is a new attempt: the summary remounts and
  // takes focus even when its messages have not changed. Worked out while rendering (React's pattern for
  // state that follows other state): a new answer from the server is a new `state` object, a submit the
  // browser refused is a new submitCount with errors.
  const clientFailed = Object.keys(clientErrors).length > 0;
  const [seen, setSeen] = useState({ state, submitCount, attempt: 0, showServer: true });
  if (seen.state !== state) {
    const failed = Boolean(state.message) || Object.values(state.fieldErrors ?? {}).some((e) => e?.length);
    setSeen({ state, submitCount, attempt: seen.attempt + (failed ? 1 : 0), showServer: true });
  } else if (seen.submitCount !== submitCount) {
    setSeen({
      state,
      submitCount,
      attempt: seen.attempt + (clientFailed ? 1 : 0),
      showServer: clientFailed ? false : seen.showServer,
    });
  }
  const { attempt, showServer } = seen;
  useEffect(() => {
    if (state === initialState) return;
    for (const name of clearAfterFailure) form.setValue(name, "");
    // Once per answer from the server: `state` is a new object each time.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const clientErrorFor = useFieldErrors(clientErrors, undefined, values);
  const errorFor = (name: keyof V & string): string | undefined =>
    clientErrorFor(name) ?? (showServer ? state.fieldErrors?.[name]?.[0] : undefined);
  const summary: SummaryError[] = [];
  if (showServer && state.message) summary.push({ message: state.message });
  for (const name of fields) {
    const message = errorFor(name);
    if (message) summary.push({ field: name, message });
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (pending) {
      event.preventDefault();
      return;
    }
    form.submit((element) => startTransition(() => formAction(new FormData(element))))(event);
  };

  return {
    state,
    form,
    pending,
    errorFor,
    summary,
    attempt,
    formProps: { action: formAction, onSubmit, onFocus: validation.preload, noValidate: true },
  };
}

/**
 * The <form> of a `useServerForm`, with what every such form starts with: "Error: " in the title while it
 * shows errors, and the error summary (remounted, so announced and focused, on every failed submit).
 */
export function ServerForm({
  of: { formProps, summary, attempt },
  children,
}: {
  of: Pick<ReturnType<typeof useServerForm>, "formProps" | "summary" | "attempt">;
  children: ReactNode;
}) {
  return (
    <form {...formProps}>
      <ErrorTitle show={summary.length > 0} />
      <ErrorSummary key={attempt} errors={summary} />
      {children}
    </form>
  );
}

/** An email address field: the email keyboard and the browser's saved addresses, required. */
export function EmailField(props: Omit<FieldProps, "type" | "autoComplete" | "required">) {
  return <Field type="email" autoComplete="email" required {...props} />;
}

/**
 * The account's username, hidden, inside a form that sets or checks a password: password managers save
 * the new password against this account rather than guessing (and Chrome stops warning about it).
 */
export function UsernameForPasswordManagers({ username }: { username?: string }) {
  if (!username) return null;
  return <input type="text" name="account-username" autoComplete="username" value={username} readOnly hidden />;
}

/** Seconds left of a wait, counting down live; starts again from `seconds` whenever `restartKey` changes. */
export function useCountdown(seconds: number | undefined, restartKey: unknown) {
  const [left, setLeft] = useState(seconds ?? 0);
  const [startedFor, setStartedFor] = useState(restartKey);
  if (startedFor !== restartKey) {
    setStartedFor(restartKey);
    setLeft(seconds ?? 0);
  }
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return left;
}
