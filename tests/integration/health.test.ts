import { describe, expect, it } from "vitest";
import { createClient } from "@/lib/platform/db";
import { checkDatabase } from "@/lib/platform/health";

describe("the health check", () => {
  it("reports a reachable database after a real round trip", async () => {
    expect(await checkDatabase()).toBe(true);
  });

  it("reports an unreachable database as down instead of throwing", async () => {
    const { client } = createClient("postgresql://postgres@127.0.0.1:9/nowhere");
    expect(await checkDatabase(client, 3_000)).toBe(false);
    await client.$disconnect();
  });
});
