import { expect, registeredUser, test } from "./fixtures";
import { APP_URL } from "../support/servers";

// After sign-in the site sends the browser back where it came from, but only to a page of this site.

const HOSTILE = [
  "/.//evil.example/phish",
  "/..//evil.example",
  "/%2e//evil.example",
  "/%2e%2e//evil.example",
  "/\\evil.example",
  "//evil.example",
  "///evil.example",
  "/\t/evil.example",
  " //evil.example",
  "https://evil.example/",
];

test("a signed-in visit to /login never redirects off the site, whatever callbackUrl says", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  for (const callbackUrl of HOSTILE) {
    const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
      maxRedirects: 0,
    });
    expect(response.status(), callbackUrl).toBe(307);
    const location = new URL(response.headers()["location"], APP_URL);
    expect(location.origin, callbackUrl).toBe(new URL(APP_URL).origin);
    expect(response.headers()["location"], callbackUrl).toMatch(/^\/(?!\/)|^http:\/\/localhost:\d+\/(?!\/)/);
    expect(location.pathname, callbackUrl).toBe("/account");
  }

  const wanted = await page.request.get(`/login?callbackUrl=${encodeURIComponent("/account?tab=security")}`, {
    maxRedirects: 0,
  });
  expect(wanted.headers()["location"]).toMatch(/\/account\?tab=security$/);
});
