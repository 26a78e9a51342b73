import fs from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { APP_URL, STRICT_URL } from "../support/servers";
import { expect, expectAccessible, registeredUser, signOut, test, STORY_TIMEOUT_MS } from "./fixtures";

// Passkeys in a real Chromium with its virtual authenticator (DevTools protocol): a platform authenticator
// with resident keys and user verification, as a phone or laptop has. Served on localhost: WebAuthn refuses
// an IP address as the relying party id.

const SHOTS = "docs/screenshots";

async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}

async function addPasskey(page: Page, name: string) {
  await page.goto("/account/security");
  await page.getByLabel("Passkey name").fill(name);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added. You can sign in with it now.")).toBeVisible();
}

async function signOutWithoutPasskeyAutofill(page: Page) {
  // Signing out lands on the sign-in page, whose passkey autofill the virtual authenticator would answer at
  // once, signing straight back in: that page gets no passkey challenge until the test leaves it.
  await page.route("**/login/passkey/options", (route) => route.abort());
  await page.goto("/account");
  await signOut(page);
  await page.goto("about:blank");
  await page.unroute("**/login/passkey/options");
}

test("add a passkey, sign out, sign in with it, rename it and remove it", async ({ page, user, mailbox }) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  await registeredUser(page, user, mailbox);
  await virtualAuthenticator(page);
  await addPasskey(page, "Test laptop");
  await expect(page.getByLabel("Name of passkey Test laptop")).toHaveValue("Test laptop");
  await mailbox.waitFor(/a passkey was added/);

  await signOutWithoutPasskeyAutofill(page);
  // As a browser without passkey autofill: Chromium's virtual authenticator answers the page's autofill
  // request at once (the next test), which would sign in before the button is clicked.
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: async () => false });
  });
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.goto("/account/security");
  const row = page.getByRole("row", { name: /Test laptop/ });
  await expect(row.getByRole("cell").nth(2)).not.toHaveText("Never");
  await expectAccessible(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/passkeys-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `${SHOTS}/passkeys-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByLabel("Name of passkey Test laptop").fill("Work laptop");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Passkey renamed.")).toBeVisible();
  await expect(page.getByLabel("Name of passkey Work laptop")).toHaveValue("Work laptop");

  await page.getByRole("button", { name: "Remove passkey Work laptop" }).click();
  await expect(page.getByText("Passkey removed.")).toBeVisible();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  await mailbox.waitFor(/a passkey was removed/);
});

test("the browser's passkey autofill on the username field signs in (conditional mediation)", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  await virtualAuthenticator(page);
  await addPasskey(page, "Phone");
  await signOutWithoutPasskeyAutofill(page);
  await page.goto("/login");
  await expect(page.getByLabel("Username or email")).toHaveAttribute("autocomplete", "username webauthn");
  // Nothing is clicked: the page's conditional request is answered by Chromium's virtual authenticator at
  // once, as a person picking the passkey from the username field's autofill list would answer it.
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/account/security");
  await expect(page.getByRole("row", { name: /Phone/ }).getByRole("cell").nth(2)).not.toHaveText("Never");
});

/** Asks the authenticator, on the page's current origin, to sign `challenge`; returns the JSON the server takes. */
function assertionOn(page: Page, challenge: string) {
  return page.evaluate(async (challenge) => {
    const encode = (buffer: ArrayBuffer) =>
      btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "");
    const bytes = Uint8Array.from(atob(challenge.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const credential = (await navigator.credentials.get({
      publicKey: { challenge: bytes, rpId: "localhost", userVerification: "required" },
    })) as PublicKeyCredential;
    const response = credential.response as AuthenticatorAssertionResponse;
    return {
      id: credential.id,
      rawId: encode(credential.rawId),
      type: credential.type,
      clientExtensionResults: {},
      response: {
        clientDataJSON: encode(response.clientDataJSON),
        authenticatorData: encode(response.authenticatorData),
        signature: encode(response.signature),
        userHandle: response.userHandle ? encode(response.userHandle) : undefined,
      },
    };
  }, challenge);
}

async function tryPasskeyAnswer(request: APIRequestContext, page: Page, origin: string) {
  const options = await (await request.post(`${APP_URL}/login/passkey/options`)).json();
  await page.goto(`${origin}/`);
  const response = await assertionOn(page, options.challenge);
  return request.post(`${APP_URL}/login/passkey`, {
    headers: { Origin: APP_URL, "Content-Type": "application/json" },
    data: { response },
  });
}

test("refuses a passkey answer made on another origin, replayed, or posted from another site", async ({
  page,
  user,
  mailbox,
  playwright,
}) => {
  await registeredUser(page, user, mailbox);
  await virtualAuthenticator(page);
  await addPasskey(page, "Laptop");
  await signOutWithoutPasskeyAutofill(page);
  const request = await playwright.request.newContext();

  // STRICT_URL is this app on another port: the same relying party id (localhost), another origin.
  expect(new URL(STRICT_URL).origin).not.toBe(new URL(APP_URL).origin);
  const elsewhere = await tryPasskeyAnswer(request, page, STRICT_URL);
  expect(elsewhere.status()).toBe(401);

  // The same steps on our own origin sign in: the origin alone made the difference.
  const options = await (await request.post(`${APP_URL}/login/passkey/options`)).json();
  await page.goto(`${APP_URL}/`);
  const answer = await assertionOn(page, options.challenge);
  const post = () =>
    request.post(`${APP_URL}/login/passkey`, {
      headers: { Origin: APP_URL, "Content-Type": "application/json" },
      data: { response: answer },
    });
  expect((await post()).status()).toBe(200);
  // The challenge was used up: the very same signed answer, replayed, is refused.
  expect((await post()).status()).toBe(401);

  // A post without our Origin (another site planting a sign-in) is refused before anything is checked.
  const planted = await request.post(`${APP_URL}/login/passkey`, { data: { response: {} } });
  expect(planted.status()).toBe(403);
  await request.dispose();
});
