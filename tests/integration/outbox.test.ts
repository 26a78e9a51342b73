import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { drainOutbox, enqueueEmail, REDACTED } from "@/lib/email/outbox";
import { Mailbox } from "../support/mailbox";

const catcher = process.env.MAIL_CATCHER_URL!;
const smtp = (state: "up" | "down") => fetch(`${catcher}/smtp/${state}`, { method: "POST" });
let counter = 0;
const freshAddress = () => `outbox-${Date.now()}-${counter++}@example.test`;

async function queue(to: string) {
  await db.$transaction((tx) =>
    enqueueEmail(tx, to, "test", { locale: "en", appName: "Accounts", link: "http://localhost:3000/" }),
  );
  return db.emailOutbox.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" } });
}

afterEach(async () => {
  await smtp("up");
});

describe("the email outbox", () => {
  it("delivers a queued email over SMTP and redacts the stored body", async () => {
    const to = freshAddress();
    const row = await queue(to);
    expect(row.status).toBe("pending");
    expect(row.html).toContain("test message");

    // Earlier files may leave mail waiting; the drain sends the oldest first, so it must reach this one.
    await drainOutbox({ limit: 1000 });
    const message = await new Mailbox(catcher, to).waitFor(/test message/);
    expect(message.text).toContain("http://localhost:3000/");
    expect(message.from).toContain("no-reply@accounts.test");

    const sent = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent.status).toBe("sent");
    expect(sent.html).toBe(REDACTED);
    expect(sent.text).toBe(REDACTED);
  });

  it("keeps an email through an SMTP outage and delivers it exactly once after SMTP returns", async () => {
    const to = freshAddress();
    const row = await queue(to);
    await smtp("down");

    const before = Date.now();
    await drainOutbox({ backoffSeconds: 2 });
    const retrying = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(retrying.status).toBe("pending");
    expect(retrying.attempts).toBe(1);
    expect(retrying.lastError).toBeTruthy();
    // Exponential backoff: the first retry waits about the base delay (±10% jitter).
    expect(retrying.nextAttemptAt.getTime() - before).toBeGreaterThan(1_700);

    // Not due yet: draining again changes nothing.
    await drainOutbox({ backoffSeconds: 2 });
    expect((await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(1);

    await smtp("up");
    await new Promise((resolve) => setTimeout(resolve, 2_400));
    await drainOutbox();
    await drainOutbox();
    const mailbox = new Mailbox(catcher, to);
    await mailbox.waitFor(/test message/);
    expect(await mailbox.messages()).toHaveLength(1);
    const sent = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("marks an email failed after the last attempt instead of dropping it", async () => {
    const to = freshAddress();
    const row = await queue(to);
    await smtp("down");
    for (let attempt = 1; attempt <= 3; attempt++) {
      await db.emailOutbox.update({ where: { id: row.id }, data: { nextAttemptAt: new Date(0) } });
      await drainOutbox({ maxAttempts: 3 });
    }
    const failed = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.lastError).toBeTruthy();
    // A failed message keeps its body so an operator can retry it.
    expect(failed.text).toContain("http://localhost:3000/");
  });

  it("never sends one email twice when two drainers run at once", async () => {
    const addresses = Array.from({ length: 10 }, freshAddress);
    for (const to of addresses) await queue(to);
    await Promise.all([drainOutbox({ limit: 10 }), drainOutbox({ limit: 10 }), drainOutbox({ limit: 10 })]);
    await drainOutbox();
    for (const to of addresses) {
      const mailbox = new Mailbox(catcher, to);
      await mailbox.waitFor(/test message/);
      expect(await mailbox.messages()).toHaveLength(1);
    }
  });
});
