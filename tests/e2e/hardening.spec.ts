import type { APIRequestContext } from "@playwright/test";
import { expect, formAlert, freshUser, test } from "./fixtures";
import { Mailbox } from "../support/mailbox";
import { APP_URL, MAIL_CATCHER, STRICT_URL } from "../support/servers";

// Cross-cutting security rules (SECURITY.md) over real HTTP and in a real browser.

/** Signs up through the API: an email queued now arrives after any queued earlier (the outbox sends in order). */
async function sentinelSignUp(request: APIRequestContext, username: string, email: string) {
  const response = await request.post("/api/registration", {
    data: { username, email, password: "velvet tundra orchestra 88 lantern" },
  });
  expect(response.status()).toBe(201);
}

/** The hidden fields Next.js renders into a server-action form, so a test can post it like a browser without JS. */
async function actionFields(request: APIRequestContext, path: string): Promise<Record<string, string>> {
  const html = await (await request.get(path)).text();
  // The page's own form (the one with a password field), not the provider buttons' forms beside it.
  const form = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)]
    .map(([f]) => f)
    .find((f) => f.includes('name="password"'));
  const fields: Record<string, string> = {};
  for (const [, name, value] of (form ?? "").matchAll(
    /<input type="hidden" name="(\$ACTION[^"]*)"(?: value="([^"]*)")?/g,
  )) {
    fields[name] = (value ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  }
  expect(Object.keys(fields), `the server-action fields of ${path}`).not.toHaveLength(0);
  return fields;
}

test.describe("security headers", () => {
  test("every page carries a CSP with a per-response nonce and no unsafe-eval, and the other headers", async ({
    page,
    request,
  }) => {
    const first = await request.get("/login");
    const second = await request.get("/login");
    const csp = first.headers()["content-security-policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers()["content-security-policy"]).not.toContain(nonce!);
    expect(first.headers()["x-content-type-options"]).toBe("nosniff");
    expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(first.headers()["permissions-policy"]).toContain("camera=()");
    expect(first.headers()["x-powered-by"]).toBeUndefined();

    // Every script in the server's HTML carries the nonce; scripts those load are trusted through
    // 'strict-dynamic' (and the fixture fails the test on any CSP violation the browser reports).
    const html = await (await request.get("/register")).text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !/\snonce="[^"]+"/.test(tag))).toEqual([]);
    await page.goto("/register");
    await page.getByLabel("Password", { exact: true }).fill("a strong passphrase to check");
    await expect(page.locator("#field-password-hint")).toContainText("Strength:");
  });

  test("authenticated and token pages are never cached", async ({ request }) => {
    for (const path of ["/account", "/confirm?token=x", "/reset-password"]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.headers()["cache-control"], path).toContain("no-store");
    }
    expect((await request.get("/confirm?token=x")).headers()["referrer-policy"]).toBe("same-origin");
  });
});

test.describe("hostile requests", () => {
  test("a cross-site or Origin: null server-action POST is refused and changes nothing", async ({ request }) => {
    const user = freshUser("csrf");
    const fields = await actionFields(request, "/register");
    const form = {
      ...fields,
      username: user.username,
      email: user.email,
      password: user.password,
    };
    for (const origin of ["https://evil.example", "null"]) {
      const response = await request.post("/register", {
        multipart: form,
        headers: { Origin: origin },
        maxRedirects: 0,
      });
      expect(response.status(), origin).toBeGreaterThanOrEqual(400);
    }

    // The same form from our own origin works, so the refusal above was the Origin check. Its email, queued
    // after anything the refused posts could have queued, is the only one the address ever gets.
    const ok = await request.post("/register", { multipart: form, headers: { Origin: APP_URL }, maxRedirects: 0 });
    expect(ok.status()).toBeLessThan(400);
    const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
    await mailbox.waitFor(/Confirm your email/);
    expect(await mailbox.messages()).toHaveLength(1);
  });

  test("a body over 16 KB gets a 413 on pages and server actions", async ({ request }) => {
    const fields = await actionFields(request, "/login");
    const response = await request.post("/login", {
      multipart: { ...fields, login: "someone", password: "x".repeat(17 * 1024) },
      headers: { Origin: APP_URL },
    });
    expect(response.status()).toBe(413);
  });

  test("x-middleware-subrequest does not reach protected data", async ({ request }) => {
    const response = await request.get("/account", {
      headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(307);
    expect(response.headers()["location"]).toContain("/login?callbackUrl=%2Faccount");
  });

  test("hostile email addresses are refused with a clear message and send nothing", async ({ page, request }) => {
    const user = freshUser("hostile");
    for (const email of [
      '"a b"@example.test',
      `${user.username}\uFF20example.test`,
      "a@b.test,c@d.test",
      "a@b.test\r\nBcc: c@d.test",
    ]) {
      await page.goto("/register");
      await page.getByLabel("Username").fill(user.username);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(user.password);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.locator("#field-email-error")).toHaveText(
        "Error: Enter a valid email address, like name@example.com.",
      );
    }
    // A valid sign-up of the address queues its email after anything the refused ones could have queued:
    // once it arrives, it must be the only one.
    const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, `${user.username}@example.test`);
    await sentinelSignUp(request, user.username, `${user.username}@example.test`);
    await mailbox.waitFor(/Confirm your email/);
    expect(await mailbox.messages()).toHaveLength(1);
  });

  test("hostile email addresses get a 400 from the API and no mail", async ({ request }) => {
    const user = freshUser("hostileapi");
    const local = user.username;
    const hostile = [
      `"${local} x"@example.test`,
      `${local}\uFF20example.test`,
      `${local}\uFE6Bexample.test`,
      `${local}@example.test,victim@example.test`,
      `${local}@example.test\r\nBcc: victim@example.test`,
      `${local}@@example.test`,
      { not: "" },
      [`${local}@example.test`],
    ];
    for (const email of hostile) {
      const response = await request.post("/api/registration", {
        data: { username: local, email, password: user.password },
      });
      expect(response.status(), JSON.stringify(email)).toBe(400);
      expect((await response.json()).errors.email).toBeTruthy();
    }
    // The valid sign-up's email is queued after anything the refused ones could have queued.
    const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, `${local}@example.test`);
    await sentinelSignUp(request, local, `${local}@example.test`);
    await mailbox.waitFor(/Confirm your email/);
    expect(await mailbox.messages()).toHaveLength(1);
    expect(await new Mailbox(MAIL_CATCHER.httpUrl, "victim@example.test").messages()).toEqual([]);
  });

  test("path variants of an API route are the same route and the same limits", async ({ playwright }) => {
    // Limits are keyed by client address and login name, never by path, so //api/login or a trailing slash
    // or a query string cannot open a fresh counter.
    const ip = `10.79.${Date.now() % 250}.${Math.floor(Math.random() * 250)}`;
    const strict = await playwright.request.newContext({
      baseURL: STRICT_URL,
      extraHTTPHeaders: { "X-Forwarded-For": ip },
    });
    const paths = ["/api/login", "/api/login/", "/api/login?x=1", "//api/login"].map((path) => `${STRICT_URL}${path}`);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 32; attempt++) {
      const response = await strict.post(paths[attempt % paths.length], {
        data: { username: `nobody-${attempt}`, password: "wrong password, long enough" },
        maxRedirects: 5,
      });
      statuses.push(response.status());
    }
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(30);
    expect(statuses.at(-1)).toBe(429);
    await strict.dispose();
  });

  test("a client cannot choose its address with a forged socket-address header", async ({ playwright }) => {
    // The server entry (server.mjs) writes the socket's address into x-accounts-socket-address on every
    // request, replacing whatever the client sent there; a server that trusted the client's copy would give
    // each of these attempts a fresh per-address limit. They come straight from the socket (no proxy header),
    // so they all count against this machine's loopback address.
    const strict = await playwright.request.newContext({ baseURL: STRICT_URL });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 32; attempt++) {
      const response = await strict.post("/api/login", {
        data: { username: `nobody-${attempt}`, password: "wrong password, long enough" },
        headers: { "x-accounts-socket-address": `172.16.${attempt}.${Math.floor(Math.random() * 250)}` },
      });
      statuses.push(response.status());
    }
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(30);
    expect(statuses.at(-1)).toBe(429);
    await strict.dispose();
  });

  test("HTML in a username is shown as text, never markup", async ({ page }) => {
    // Usernames are restricted to letters, digits and . _ -, so markup cannot even be registered.
    await page.goto("/register");
    await page.getByLabel("Username").fill("<img src=x onerror=alert(1)>");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#field-username-error")).toContainText("Use letters, digits");
    await expect(page.locator("#field-username-error img")).toHaveCount(0);
  });
});

test.describe("throttling on the website (default limits, behind one trusted proxy)", () => {
  test("the 11th sign-up from one address in an hour gets a message with the wait", async ({ browser }) => {
    test.slow(); // eleven sign-ups, each with a password hash and a strength check
    const context = await browser.newContext({
      extraHTTPHeaders: { "X-Forwarded-For": `10.77.${Date.now() % 250}.${Math.floor(Math.random() * 250)}` },
    });
    const page = await context.newPage();
    for (let attempt = 1; attempt <= 11; attempt++) {
      const user = freshUser("flood");
      await page.goto(`${STRICT_URL}/register`);
      await page.getByLabel("Username").fill(user.username);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password", { exact: true }).fill(user.password);
      await page.getByRole("button", { name: "Create account" }).click();
      if (attempt <= 10) await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    }
    await expect(formAlert(page)).toHaveText(
      /Too many sign-ups from your network\. Try again in (\d+ minutes?|1 hour)\./,
    );
    await context.close();
  });

  test("an account locked after repeated wrong passwords says how long to wait, and the owner is told once", async ({
    browser,
    request,
  }) => {
    const user = freshUser("locked");
    const ip = `10.78.${Date.now() % 250}.${Math.floor(Math.random() * 250)}`;
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": ip } });
    const page = await context.newPage();
    // Register and confirm through the API of the strict server.
    await request.post(`${STRICT_URL}/api/registration`, {
      data: { username: user.username, email: user.email, password: user.password },
      headers: { "X-Forwarded-For": ip },
    });
    const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
    const token = new URL(
      (await mailbox.waitFor(/Confirm your email/)).text.match(/https?:\/\/\S+confirm\?token=\S+/)![0],
    ).searchParams.get("token")!;
    expect(
      (
        await request.get(`${STRICT_URL}/api/finalize`, {
          headers: { Authorization: `Bearer ${token}`, "X-Forwarded-For": ip },
        })
      ).status(),
    ).toBe(200);

    // Wrong passwords through the API until the name is locked: after five failures each attempt must wait
    // (429 with Retry-After), and every attempt counts, so the lock comes after ten.
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await request.post(`${STRICT_URL}/api/login`, {
        data: { username: user.username, password: "wrong password, long enough" },
        headers: { "X-Forwarded-For": ip },
      });
      if (response.status() === 401) continue;
      expect(response.status()).toBe(429);
      const wait = Number(response.headers()["retry-after"]);
      if (wait > 60) break;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
    await page.goto(`${STRICT_URL}/login`);
    await page.getByLabel("Username or email").fill(user.username);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(formAlert(page)).toHaveText(/Sign-in to this account is paused for 1[45] minutes\./);
    await mailbox.waitFor(/paused sign-in/);
    // A reset link requested now is queued after every lock notice the attempts above could have queued.
    const reset = await request.post(`${STRICT_URL}/api/reset`, {
      data: { email: user.email },
      headers: { "X-Forwarded-For": ip },
    });
    expect(reset.status()).toBe(200);
    await mailbox.waitFor(/Reset your/);
    expect((await mailbox.messages()).filter((m) => /paused sign-in/.test(m.subject))).toHaveLength(1);
    await context.close();
  });
});
