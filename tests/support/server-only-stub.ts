// Stands in for the `server-only` package under vitest (it throws outside a React server build).
export {};
