import { expect, test, type APIRequestContext } from "@playwright/test";
import { linkIn, Mailbox } from "../support/mailbox";
import { OriginalSpa } from "../support/original-spa";
import { APP_URL, MAIL_CATCHER } from "../support/servers";
import { authenticatorCode, previousStepCode } from "../support/totp";

// Two-factor through the JSON API over real HTTP, and the original SPA (which knows nothing of two-factor)
// against an account that has it on: it must fail closed, holding no token.

const PASSWORD = "correct horse battery staple 42";
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function confirmedAccount(spa: OriginalSpa) {
  const id = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const account = { username: `mfa-${id}`, email: `mfa-${id}@example.test` };
  expect((await spa.register(account.username, account.email, PASSWORD)).status).toBe(201);
  const message = await new Mailbox(MAIL_CATCHER.httpUrl, account.email).waitFor(/Confirm your email/);
  const token = new URL(linkIn(message, `${APP_URL}/confirm?token=`)).searchParams.get("token")!;
  expect((await spa.finalize(token)).status).toBe(200);
  return account;
}

async function turnOn(request: APIRequestContext, accessToken: string) {
  const started = await request.post("/api/mfa/totp", { headers: bearer(accessToken) });
  expect(started.status()).toBe(200);
  const { secret, otpauth_url } = await started.json();
  expect(otpauth_url).toMatch(/^otpauth:\/\/totp\/.+secret=/);
  const wrong = await request.post("/api/mfa/totp/confirm", { headers: bearer(accessToken), data: { code: "000000" } });
  expect(wrong.status()).toBe(400);
  const confirmed = await request.post("/api/mfa/totp/confirm", {
    headers: bearer(accessToken),
    data: { code: await previousStepCode(secret) },
  });
  expect(confirmed.status()).toBe(200);
  const { recovery_codes } = await confirmed.json();
  expect(recovery_codes).toHaveLength(10);
  const again = await request.post("/api/mfa/totp", { headers: bearer(accessToken) });
  expect(again.status()).toBe(409);
  return { secret: secret as string, recoveryCodes: recovery_codes as string[] };
}

test("the whole two-factor flow over HTTP, and the original SPA failing closed", async ({ request }) => {
  const spa = new OriginalSpa(APP_URL);
  const account = await confirmedAccount(spa);
  const { secret, recoveryCodes } = await turnOn(request, spa.accessToken!);

  // The original SPA's login: 401, an empty access_token, and nothing it would keep.
  const original = new OriginalSpa(APP_URL);
  const refused = await original.login(account.username, PASSWORD);
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({ access_token: "", mfa_required: true, message: expect.any(String) });
  expect(original.accessToken).toBeNull();
  expect((await original.protectedResource()).status).toBe(401);

  // A client that knows two-factor completes the sign-in with the mfa_token and a code.
  const mfaToken = refused.body!.mfa_token as string;
  const wrong = await request.post("/api/login/mfa", { data: { mfa_token: mfaToken, code: "123456" } });
  expect(wrong.status()).toBe(401);
  const done = await request.post("/api/login/mfa", { data: { mfa_token: mfaToken, code: authenticatorCode(secret) } });
  expect(done.status()).toBe(200);
  const { access_token } = await done.json();
  const allowed = await request.get("/api/protected", { headers: bearer(access_token) });
  expect(allowed.status()).toBe(200);
  // The mfa_token is single use.
  const reused = await request.post("/api/login/mfa", { data: { mfa_token: mfaToken, code: recoveryCodes[0] } });
  expect(reused.status()).toBe(401);

  // A recovery code works once.
  const second = await (
    await request.post("/api/login", { data: { username: account.username, password: PASSWORD } })
  ).json();
  const byRecovery = await request.post("/api/login/mfa", {
    data: { mfa_token: second.mfa_token, code: recoveryCodes[0] },
  });
  expect(byRecovery.status()).toBe(200);

  // Turning it off needs the password and a code.
  const noCode = await request.delete("/api/mfa/totp", {
    headers: bearer(access_token),
    data: { password: PASSWORD, code: "111111" },
  });
  expect(noCode.status()).toBe(400);
  const off = await request.delete("/api/mfa/totp", {
    headers: bearer(access_token),
    data: { password: PASSWORD, code: recoveryCodes[1] },
  });
  expect(off.status()).toBe(204);
  expect((await original.login(account.username, PASSWORD)).status).toBe(200);
});

test("the two-factor routes refuse a request without an access token", async ({ request }) => {
  expect((await request.post("/api/mfa/totp")).status()).toBe(401);
  expect((await request.post("/api/mfa/totp/confirm", { data: { code: "123456" } })).status()).toBe(401);
  expect((await request.delete("/api/mfa/totp", { data: { password: "x", code: "123456" } })).status()).toBe(401);
  const dead = await request.post("/api/login/mfa", { data: { mfa_token: "A".repeat(43), code: "123456" } });
  expect(dead.status()).toBe(401);
});

test("the two-factor answers speak the language the request asks for", async ({ request }) => {
  const spa = new OriginalSpa(APP_URL);
  const account = await confirmedAccount(spa);
  const { secret } = await turnOn(request, spa.accessToken!);
  const portuguese = { "Accept-Language": "pt-BR,pt;q=0.9" };

  const login = await request.post("/api/login", {
    headers: portuguese,
    data: { username: account.username, password: PASSWORD },
  });
  expect(login.status()).toBe(401);
  const { mfa_token, message } = await login.json();
  expect(message).toBe("Digite o código do seu app autenticador.");

  const missing = await request.post("/api/login/mfa", { headers: portuguese, data: { mfa_token } });
  expect(missing.status()).toBe(400);
  expect((await missing.json()).errors).toEqual({ code: ["Digite o código."] });
  const wrong = await request.post("/api/login/mfa", { headers: portuguese, data: { mfa_token, code: "000000" } });
  expect(await wrong.json()).toEqual({ message: "Esse código não está certo ou já foi usado." });
  const english = await request.post("/api/login/mfa", { data: { mfa_token, code: "000000" } });
  expect(await english.json()).toEqual({ message: "That code is not right, or was already used." });

  const done = await request.post("/api/login/mfa", { data: { mfa_token, code: authenticatorCode(secret) } });
  const { access_token } = await done.json();
  const again = await request.post("/api/mfa/totp", { headers: { ...portuguese, ...bearer(access_token) } });
  expect(again.status()).toBe(409);
  expect(await again.json()).toEqual({ message: "A verificação em duas etapas já está ativada." });
  const noToken = await request.post("/api/mfa/totp", { headers: portuguese });
  expect((await noToken.json()).message).toBe("Entre primeiro: envie um token de acesso como token Bearer.");
});
