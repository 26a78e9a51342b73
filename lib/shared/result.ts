// Expected failures are values, not exceptions: every lib/ flow answers `{ ok: true, ... }` or a Failure
// that names what went wrong, and the website and the API map it to their own answer.

export type FieldErrors = Record<string, string[]>;

export type Failure<E extends string> = { ok: false; error: E; fieldErrors?: FieldErrors; retryAfterSeconds?: number };

/** What a server action's form state carries back to its form. */
export type FormState<Extra = object> = { fieldErrors?: Record<string, string[] | undefined> } & Extra;
