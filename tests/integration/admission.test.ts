import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { registerUser } from "@/lib/accounts/sign-up";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { admitHashWork, HASH_ADMISSION_LIMIT, hashPassword, type Admission } from "@/lib/security/password-hash";
import { metaFactory, PASSWORD, signUpInput, uniqueName } from "./accounts-support";

const meta = metaFactory(import.meta.url);

/** Takes every place the hash threads admit, runs `body`, then gives them back. */
async function withAdmissionFull<T>(body: () => Promise<T>): Promise<T> {
  const held: Admission[] = [];
  for (;;) {
    const admission = admitHashWork();
    if (!admission) break;
    held.push(admission);
  }
  try {
    expect(held.length).toBe(HASH_ADMISSION_LIMIT);
    return await body();
  } finally {
    for (const admission of held) admission.release();
  }
}

/** Rows the sign-in and sign-up flows write first for this client and name (limits, throttles, events, the
 *  account), for "no database work". */
async function rowsFor(ip: string, name: string) {
  const [limits, throttles, events, users] = await Promise.all([
    db.rateLimit.count({ where: { key: { contains: ip } } }),
    db.loginThrottle.count({ where: { key: { contains: name } } }),
    db.auditEvent.count({ where: { ip } }),
    db.user.count({ where: { username: name } }),
  ]);
  return { limits, throttles, events, users };
}

describe("admission to the password-hash threads", () => {
  it("refuses a sign-in beyond the limit at once, with a wait, before touching the database", async () => {
    const name = uniqueName("admit");
    const user = await db.user.create({
      data: { username: name, email: `${name}@example.test`, passwordHash: await hashPassword(PASSWORD) },
    });
    const requestMeta = meta();
    const result = await withAdmissionFull(() => signInWithPassword(user.username, PASSWORD, "api", requestMeta));
    expect(result).toEqual({ ok: false, error: "overloaded", retryAfterSeconds: 1 });
    expect(await rowsFor(requestMeta.ip!, user.username)).toEqual({ limits: 0, throttles: 0, events: 0, users: 1 });
    // Once places are free again the same sign-in goes through to the password check.
    const after = await signInWithPassword(user.username, PASSWORD, "api", requestMeta);
    expect(after).toMatchObject({ ok: false, error: "unconfirmed" });
    expect((await rowsFor(requestMeta.ip!, user.username)).limits).toBe(1);
  });

  it("refuses a sign-up beyond the limit before the per-address limit or any hash", async () => {
    const name = uniqueName("admitsu");
    const requestMeta = meta();
    const result = await withAdmissionFull(() => registerUser(signUpInput(name, `${name}@example.test`), requestMeta));
    expect(result).toEqual({ ok: false, error: "overloaded", retryAfterSeconds: 1 });
    expect(await rowsFor(requestMeta.ip!, name)).toEqual({ limits: 0, throttles: 0, events: 0, users: 0 });
  });

  it("gives a place back once, however often it is released", async () => {
    const first = admitHashWork()!;
    first.release();
    first.release();
    await withAdmissionFull(async () => expect(admitHashWork()).toBeNull());
  });
});
