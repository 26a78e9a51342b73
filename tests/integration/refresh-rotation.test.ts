import { describe, expect, it } from "vitest";
import { REFRESH_GRACE_SECONDS, refreshAccessToken, signInForApi } from "@/lib/accounts/api-sessions";
import { verifyAccessToken } from "@/lib/sessions/api-tokens";
import { db } from "@/lib/platform/db";
import { metaFactory, PASSWORD } from "./accounts-support";
import { confirmedUser, NO_IP } from "./password-support";

// Refresh rotates: once a session has been refreshed only its newest token (and, briefly, the one before
// it) refreshes again; presenting an older one is reuse and ends the session. Real time throughout: the
// grace period is moved by editing the row, never by faking the clock.

const meta = metaFactory(import.meta.url);

async function apiSession(label: string) {
  const user = await confirmedUser(label, meta);
  const signedIn = await signInForApi(user.username, PASSWORD, NO_IP);
  if (!signedIn.ok) throw new Error("sign-in failed");
  const claims = await verifyAccessToken(signedIn.accessToken);
  return { user, token: signedIn.accessToken, sessionId: claims!.sid };
}

async function refreshed(token: string): Promise<string> {
  const result = await refreshAccessToken(token, NO_IP);
  if (!result.ok) throw new Error(`refresh refused: ${JSON.stringify(result)}`);
  return result.accessToken;
}

const refused = { ok: false, error: "invalid_token" };

describe("refreshing an API session", () => {
  it("accepts only the newest token once refreshed; an older one ends the session for everyone", async () => {
    const { token: first, sessionId, user } = await apiSession("rotate");
    const second = await refreshed(first);
    const third = await refreshed(second);

    expect(await refreshAccessToken(first, NO_IP)).toEqual(refused);

    expect(await db.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({
      revokedAt: expect.any(Date),
    });
    expect(await refreshAccessToken(third, NO_IP)).toEqual(refused);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "refresh_reuse" } })).toBe(1);
  });

  it("lets the token just replaced refresh for a few seconds (racing tabs), then treats it as reuse", async () => {
    const { token: first, sessionId } = await apiSession("grace");
    const [a, b] = await Promise.all([refreshAccessToken(first, NO_IP), refreshAccessToken(first, NO_IP)]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    const newest = await refreshed((b as { accessToken: string }).accessToken);
    const before = await refreshed(newest);

    // The replaced token after the grace period.
    await db.session.update({
      where: { id: sessionId },
      data: { refreshedAt: new Date(Date.now() - (REFRESH_GRACE_SECONDS + 1) * 1000) },
    });
    expect(await refreshAccessToken(newest, NO_IP)).toEqual(refused);
    expect(await refreshAccessToken(before, NO_IP)).toEqual(refused);
  });

  it("never refreshes the sign-in token again once the session has moved on, however many times it is tried", async () => {
    const { token: first } = await apiSession("stale");
    await refreshed(await refreshed(first));
    for (let i = 0; i < 3; i++) expect(await refreshAccessToken(first, NO_IP)).toEqual(refused);
  });

  it("keeps refreshing a session whose client always presents the newest token", async () => {
    const { token } = await apiSession("chain");
    let newest = token;
    for (let i = 0; i < 5; i++) newest = await refreshed(newest);
    expect(await refreshAccessToken(newest, NO_IP)).toMatchObject({ ok: true });
  });
});
