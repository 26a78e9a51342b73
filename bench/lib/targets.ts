import crypto from "node:crypto";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { ARGON2_PARAMS } from "@/lib/security/password-hash";
import type { Workload } from "./load";
import { formSubmission, readActionForm } from "./website";

// What the benchmark asks of each server under test, as workloads for the load generator.
//
// Every request carries its own X-Forwarded-For address: the benchmark plays a trusted proxy in front of
// many clients (the product runs with TRUSTED_PROXY_HOPS=1; Better Auth reads the header by default), so
// both servers still run their per-address rate limiters on every request without throttling the load.

let clients = 0;
/** 10.x.y.z, a new address each call. */
export function nextClientIp(): string {
  const n = ++clients;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export type Account = { username: string; email: string; password: string };

const runTag = Date.now().toString(36);
let accounts = 0;
/** A fresh account with a strong random password (it passes the product's strength check). */
export function newAccount(): Account {
  const username = `b${runTag}${(++accounts).toString(36)}`;
  return { username, email: `${username}@bench.example.com`, password: crypto.randomBytes(18).toString("base64url") };
}

/**
 * Confirmed product accounts, inserted directly with hashes made by the product's own parameters (the
 * product's sign-up would need each address confirmed by email first).
 */
async function seedProductUsers(databaseUrl: string, count: number): Promise<Account[]> {
  const accounts = Array.from({ length: count }, newAccount);
  const hashes = await Promise.all(accounts.map((account) => hash(account.password, ARGON2_PARAMS)));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const [i, account] of accounts.entries()) {
      await client.query(
        `INSERT INTO "User" (id, username, email, "emailVerified", "passwordHash", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, now(), $3, now())`,
        [account.username, account.email, hashes[i]],
      );
    }
  } finally {
    await client.end();
  }
  return accounts;
}

function rotate<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

export type Target = {
  name: string;
  origin: string;
  /** How sign-in and sign-up are reached, for the report. */
  signInVia: string;
  signUpVia: string;
  signIn: (users: readonly Account[]) => Workload;
  /** Confirmed accounts to sign in with, made before the measurements. */
  seed: (count: number) => Promise<Account[]>;
  /** Sign-ups of fresh accounts. */
  signUp: () => Workload;
  health: Workload;
  /** The signed-in page, with a session made by one sign-in of `user`. */
  account: (user: Account) => Promise<Workload>;
  /** A Bearer-authenticated route and a bare one, when the server has them. */
  bearer?: (user: Account) => Promise<{ bare: Workload; protected: Workload }>;
};

const json = (origin: string, body: unknown) => ({
  headers: { "content-type": "application/json", origin, "x-forwarded-for": nextClientIp() },
  body: JSON.stringify(body),
});

/** The session cookie(s) a sign-in response sets, as a Cookie header. */
function cookieHeader(response: Response): string {
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  if (cookies.length === 0) throw new Error(`sign-in set no cookie (status ${response.status})`);
  return cookies.join("; ");
}

async function send(
  origin: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
) {
  return fetch(origin + request.path, {
    method: request.method,
    headers: request.headers,
    body: typeof request.body === "string" || request.body === undefined ? request.body : new Uint8Array(request.body),
    redirect: "manual",
  });
}

/** Which of the JSON API's routes (docs/api.md) this build has: a 404 means "not in this build". */
async function hasRoute(origin: string, method: string, path: string): Promise<boolean> {
  const response = await fetch(origin + path, { method, ...(method === "POST" ? json(origin, {}) : {}) });
  await response.arrayBuffer();
  return response.status !== 404;
}

export async function productTarget(origin: string, databaseUrl: string) {
  const api = {
    login: await hasRoute(origin, "POST", "/api/login"),
    registration: await hasRoute(origin, "POST", "/api/registration"),
    protected: await hasRoute(origin, "GET", "/api/protected"),
  };
  // The API puts the bare handler at /api/; a build that redirects that to /api is measured where it answers.
  const bare = await fetch(origin + "/api/", { redirect: "manual" });
  await bare.arrayBuffer();
  const barePath = bare.status === 200 ? "/api/" : new URL(bare.headers.get("location") ?? "/api", origin).pathname;
  const bareNote =
    bare.status === 200
      ? undefined
      : `GET /api/ answers ${bare.status} to ${barePath} in this build; measured at ${barePath}`;
  const loginForm = await readActionForm(origin, "/login");
  const registerForm = await readActionForm(origin, "/register");
  const withIp = (request: ReturnType<typeof formSubmission>) => ({
    ...request,
    headers: { ...request.headers, "x-forwarded-for": nextClientIp() },
  });
  const webSignIn = (user: Account) =>
    withIp(formSubmission(origin, loginForm, { login: user.username, password: user.password }));
  const apiSignIn = (user: Account) => ({
    method: "POST",
    path: "/api/login",
    ...json(origin, { username: user.username, password: user.password }),
  });

  const target: Target = {
    name: "product",
    origin,
    signInVia: api.login ? "POST /api/login" : "the /login page's server action (POST /api/login is not in this build)",
    signUpVia: api.registration
      ? "POST /api/registration"
      : "the /register page's server action (POST /api/registration is not in this build)",
    signIn: (users) => {
      const user = rotate(users);
      return api.login
        ? { origin, next: () => apiSignIn(user()), ok: [200] }
        : { origin, next: () => webSignIn(user()), ok: [303] };
    },
    seed: (count) => seedProductUsers(databaseUrl, count),
    signUp: () => ({
      origin,
      next: () => {
        const account = newAccount();
        return api.registration
          ? { method: "POST", path: "/api/registration", ...json(origin, account) }
          : withIp(formSubmission(origin, registerForm, { ...account, confirmPassword: account.password }));
      },
      ok: api.registration ? [201] : [303],
    }),
    health: { origin, next: () => ({ method: "GET", path: "/api/health" }), ok: [200] },
    account: async (user) => {
      // Signed in once through the website, as a person would.
      const response = await send(origin, webSignIn(user));
      if (response.status !== 303 || response.headers.get("location") !== "/account")
        throw new Error(`website sign-in failed: ${response.status} ${await response.text()}`);
      const cookie = cookieHeader(response);
      return { origin, next: () => ({ method: "GET", path: "/account", headers: { cookie } }), ok: [200] };
    },
  };
  if (api.login && api.protected) {
    target.bearer = async (user) => {
      const response = await send(origin, apiSignIn(user));
      const { access_token: token } = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || !token) throw new Error(`POST /api/login answered ${response.status}`);
      const authorization = `Bearer ${token}`;
      return {
        bare: { origin, next: () => ({ method: "GET", path: barePath }), ok: [200] },
        protected: {
          origin,
          next: () => ({ method: "GET", path: "/api/protected", headers: { authorization } }),
          ok: [200],
        },
      };
    };
  }
  return { target, api: { ...api, barePath, bareNote } };
}

export function betterAuthTarget(origin: string): Target {
  const signIn = (user: Account) => ({
    method: "POST",
    path: "/api/auth/sign-in/email",
    ...json(origin, { email: user.email, password: user.password }),
  });
  return {
    name: "better-auth",
    origin,
    signInVia: "POST /api/auth/sign-in/email",
    signUpVia: "POST /api/auth/sign-up/email",
    signIn: (users) => {
      const user = rotate(users);
      return { origin, next: () => signIn(user()), ok: [200] };
    },
    seed: async (count) => {
      const accounts = Array.from({ length: count }, newAccount);
      for (const account of accounts) {
        const response = await fetch(origin + "/api/auth/sign-up/email", {
          method: "POST",
          ...json(origin, { name: account.username, email: account.email, password: account.password }),
        });
        if (response.status !== 200)
          throw new Error(`Better Auth sign-up failed: ${response.status} ${await response.text()}`);
      }
      return accounts;
    },
    signUp: () => ({
      origin,
      next: () => {
        const account = newAccount();
        return {
          method: "POST",
          path: "/api/auth/sign-up/email",
          ...json(origin, { name: account.username, email: account.email, password: account.password }),
        };
      },
      ok: [200],
    }),
    health: { origin, next: () => ({ method: "GET", path: "/health" }), ok: [200] },
    account: async (user) => {
      const response = await send(origin, signIn(user));
      if (response.status !== 200)
        throw new Error(`Better Auth sign-in failed: ${response.status} ${await response.text()}`);
      const cookie = cookieHeader(response);
      return { origin, next: () => ({ method: "GET", path: "/account", headers: { cookie } }), ok: [200] };
    },
  };
}
