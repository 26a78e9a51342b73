import { describe, expect, it } from "vitest";
import { hashPassword, hashQueue, MAX_CONCURRENT_HASHES, verifyPassword } from "@/lib/password";

describe("password hashing under load", () => {
  it("runs at most the limit of hashes at once and queues the rest", async () => {
    const stored = await hashPassword("a long enough password for the queue test");
    const burst = Array.from({ length: MAX_CONCURRENT_HASHES + 3 }, () =>
      verifyPassword(stored, "a long enough password for the queue test"),
    );
    expect(hashQueue()).toEqual({ running: MAX_CONCURRENT_HASHES, waiting: 3 });
    expect(await Promise.all(burst)).toEqual(burst.map(() => true));
    expect(hashQueue()).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot of a verification that fails on a malformed hash", async () => {
    const failures = await Promise.all(
      Array.from({ length: MAX_CONCURRENT_HASHES + 2 }, () => verifyPassword("not a hash", "whatever")),
    );
    expect(failures.every((ok) => ok === false)).toBe(true);
    expect(hashQueue()).toEqual({ running: 0, waiting: 0 });
    const stored = await hashPassword("another long enough password");
    expect(await verifyPassword(stored, "another long enough password")).toBe(true);
  });
});
