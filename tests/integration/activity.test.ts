import { describe, expect, it } from "vitest";
import { activityGroups } from "@/lib/accounts/audit";
import { db } from "@/lib/platform/db";
import { metaFactory, registeredUser } from "./accounts-support";

// The account page's activity: runs of the same event from the same place are one row, newest first, paged.

const meta = metaFactory(import.meta.url);
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

/** An account whose activity is only `events` (oldest first), at the given times. */
async function accountWith(label: string, events: { type: string; at: string; ip?: string; userAgent?: string }[]) {
  const user = await registeredUser(label, meta());
  await db.auditEvent.deleteMany({ where: { userId: user.id } });
  await db.auditEvent.createMany({
    data: events.map((event) => ({
      userId: user.id,
      type: event.type,
      ip: event.ip ?? "203.0.113.7",
      userAgent: event.userAgent ?? BROWSER,
      createdAt: new Date(event.at),
    })),
  });
  return user.id;
}

const failedAt = (second: number) => ({
  type: "login_failed",
  at: `2026-11-30T17:48:${String(second).padStart(2, "0")}Z`,
});

describe("the activity list", () => {
  it("shows a run of the same event from the same place as one row with its count and first and last time", async () => {
    const userId = await accountWith("activityrun", [
      { type: "login", at: "2026-11-30T17:00:00Z" },
      ...Array.from({ length: 10 }, (_, i) => failedAt(i * 6)),
      { type: "login", at: "2026-11-30T18:06:00Z" },
    ]);
    const { groups, more } = await activityGroups(userId, 10);
    expect(more).toBe(false);
    expect(groups.map(({ type, count }) => [type, count])).toEqual([
      ["login", 1],
      ["login_failed", 10],
      ["login", 1],
    ]);
    expect(groups[1].first.toISOString()).toBe("2026-11-30T17:48:00.000Z");
    expect(groups[1].last.toISOString()).toBe("2026-11-30T17:48:54.000Z");
  });

  it("keeps apart events from another address or browser, and runs more than an hour apart", async () => {
    const userId = await accountWith("activityapart", [
      { type: "login_failed", at: "2026-11-30T10:00:00Z" },
      { type: "login_failed", at: "2026-11-30T10:01:00Z", ip: "198.51.100.9" },
      { type: "login_failed", at: "2026-11-30T10:02:00Z", ip: "198.51.100.9", userAgent: "curl/8.0" },
      { type: "login_failed", at: "2026-11-30T12:00:00Z", ip: "198.51.100.9", userAgent: "curl/8.0" },
    ]);
    const { groups } = await activityGroups(userId, 10);
    expect(groups.map((group) => group.count)).toEqual([1, 1, 1, 1]);
  });

  it("gives the newest rows first, as many as asked, and says when there are more", async () => {
    const userId = await accountWith(
      "activitypages",
      Array.from({ length: 25 }, (_, i) => ({
        type: i % 2 ? "login" : "logout",
        at: new Date(Date.UTC(2026, 10, 30, 12, i)).toISOString(),
      })),
    );
    const first = await activityGroups(userId, 10);
    expect(first.groups).toHaveLength(10);
    expect(first.more).toBe(true);
    expect(first.groups[0].last.toISOString()).toBe("2026-11-30T12:24:00.000Z");
    const all = await activityGroups(userId, 30);
    expect(all.groups).toHaveLength(25);
    expect(all.more).toBe(false);
  });
});
