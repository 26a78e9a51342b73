"use client";

import { useRef, useState, type ChangeEvent, type FormEvent } from "react";

// The browser's check of a form before it is posted: the form's schema (lib/shared/validation, the one the
// server applies) runs when the form is submitted, and then again as the person corrects a field, and a
// form the schema refuses is not posted. Fields stay uncontrolled: the inputs hold their own values, so
// what someone typed before the page's JavaScript ran is kept, and the form works the same without it.
//
// This is all the forms used of react-hook-form (register, handleSubmit, setValue, watching a value), which
// weighed 12.5 kB gzipped of each form page's first-load JavaScript, most of the page's own budget.

/** Each failing field's first problem: a message key of the "Validation" namespace (or a message). */
export type FieldProblems = Partial<Record<string, string>>;

/** A schema in the Standard Schema shape, which every zod schema has; the check never imports zod itself. */
type StandardSchema = {
  "~standard": {
    validate: (value: unknown) => StandardResult | Promise<StandardResult>;
  };
};
type StandardResult = {
  issues?: ReadonlyArray<{ message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }>;
};

export type FormCheck = {
  /** The problems of these values; none when the schema cannot be loaded (the server checks again). */
  check: (values: Record<string, string>) => Promise<FieldProblems>;
  /** Starts loading the schema, so it is there by the time the form is submitted. */
  preload: () => void;
};

/**
 * A form's check with its schema loaded on the form's first use rather than with the page (zod is most of
 * a form page's JavaScript). Call `preload` when the form is first focused; a check that comes first waits
 * for the schema. If it cannot load, the form is posted unchecked and the server action answers.
 */
export function lazyCheck(load: () => Promise<StandardSchema>): FormCheck {
  let loading: Promise<StandardSchema> | undefined;
  const ready = () => {
    if (!loading) {
      loading = load();
      // A failed load (flaky network, a deploy replaced the chunk) is retried on the next check.
      loading.catch(() => (loading = undefined));
    }
    return loading;
  };
  const check = async (values: Record<string, string>) => {
    let schema: StandardSchema;
    try {
      schema = await ready();
    } catch {
      return {};
    }
    const { issues = [] } = await schema["~standard"].validate(values);
    const problems: FieldProblems = {};
    for (const issue of issues) {
      const first = issue.path?.[0];
      const field = String(typeof first === "object" ? first.key : (first ?? ""));
      problems[field] ??= issue.message;
    }
    return problems;
  };
  return { check, preload: () => void ready() };
}

/**
 * The state of one checked form: `register(name)` for each input, `submit(onValid)` for the form's
 * onSubmit, the problems found, how many submits there have been, and the values as typed (for a strength
 * meter), with `setValue` to change one (emptying a password that did not work).
 */
export function useFormCheck<V extends Record<string, string>>({
  check,
  defaultValues,
}: {
  check: FormCheck["check"];
  defaultValues: V;
}) {
  const inputs = useRef(new Map<string, HTMLInputElement>());
  // Checks are numbered; each field remembers the newest one that may answer for it, so a slow answer
  // never overwrites a newer one.
  const checks = useRef(0);
  const newestFor = useRef(new Map<string, number>());
  const [problems, setProblems] = useState<FieldProblems>({});
  const [submitCount, setSubmitCount] = useState(0);
  const [values, setValues] = useState<V>(defaultValues);

  const currentValues = () => {
    const current: Record<string, string> = { ...defaultValues };
    for (const [name, input] of inputs.current) current[name] = input.value;
    return current;
  };

  const register = (name: keyof V & string) => ({
    name,
    ref: (input: HTMLInputElement | null) => {
      if (!input) {
        inputs.current.delete(name);
        return;
      }
      inputs.current.set(name, input);
      // What was typed (or filled in by the browser) before the page's JavaScript ran counts too.
      const typed = input.value;
      setValues((previous) => (previous[name] === typed ? previous : { ...previous, [name]: typed }));
    },
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const value = event.target.value;
      setValues((previous) => ({ ...previous, [name]: value }));
      if (submitCount === 0) return;
      // After a submit, the field's message follows its corrections; the other fields' stay until the next
      // submit.
      const number = ++checks.current;
      newestFor.current.set(name, number);
      void check(currentValues()).then((found) => {
        if (newestFor.current.get(name) === number) setProblems((previous) => ({ ...previous, [name]: found[name] }));
      });
    },
  });

  const submit = (onValid: (form: HTMLFormElement) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    // A submit's answer always counts; the checks of corrections started before it are outdated.
    const number = ++checks.current;
    for (const name of inputs.current.keys()) newestFor.current.set(name, number);
    void check(currentValues()).then((found) => {
      setProblems(found);
      setSubmitCount((count) => count + 1);
      if (Object.values(found).every((problem) => !problem)) onValid(form);
    });
  };

  const setValue = (name: keyof V & string, value: string) => {
    const input = inputs.current.get(name);
    if (input) input.value = value;
    setValues((previous) => ({ ...previous, [name]: value }));
  };

  return { register, submit, setValue, problems, submitCount, values };
}
