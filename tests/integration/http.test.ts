import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createClient, db } from "@/lib/platform/db";
import { isDatabaseUnavailable } from "@/lib/platform/db-errors";
import { apiRoute, bearerToken, MAX_BODY_BYTES, readAccessToken, readJsonBody } from "@/lib/http/api-route";

// The API's request plumbing. Handlers here are real functions that fail for real (a thrown error, a
// database that does not answer); the HTTP round trip itself is covered by tests/e2e/api.spec.ts.

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/test", { method: "POST", body, headers, duplex: "half" } as RequestInit);

function streamOf(...chunks: string[]) {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
  });
}

describe("the API route wrapper", () => {
  it("turns an unexpected error into a JSON 500 without a stack trace", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const { POST } = apiRoute({
      POST: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'secret')");
      },
    });
    const response = await POST(post("{}"));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Something went wrong" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(quiet).toHaveBeenCalled();
    quiet.mockRestore();
  });

  it("answers 503 when the database cannot be reached", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const { client } = createClient("postgresql://postgres@127.0.0.1:9/nowhere");
    const { GET } = apiRoute({ GET: async () => Response.json(await client.user.count()) });
    const response = await GET(new Request("http://localhost/api/test"));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: expect.any(String) });
    expect(response.headers.get("retry-after")).toBeTruthy();
    await client.$disconnect();
    quiet.mockRestore();
  });

  it("answers OPTIONS with the route's methods and, with no CORS_ORIGINS, no CORS headers", async () => {
    const { OPTIONS } = apiRoute({ POST: async () => new Response(null, { status: 204 }) });
    const response = await OPTIONS(
      new Request("http://localhost/api/test", { method: "OPTIONS", headers: { Origin: "http://spa.example" } }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("database errors", () => {
  it("tell an unreachable database apart from a bug", async () => {
    const { client } = createClient("postgresql://postgres@127.0.0.1:9/nowhere");
    const unreachable = await client.user.count().catch((error: unknown) => error);
    await client.$disconnect();
    expect(isDatabaseUnavailable(unreachable)).toBe(true);

    const username = `dup-${Date.now()}`;
    const data = { username, email: `${username}@example.test`, passwordHash: "x" };
    await db.user.create({ data });
    const duplicate = await db.user.create({ data }).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  });
});

describe("request bodies", () => {
  const schema = z.object({ name: z.string({ error: "Enter a name." }) });

  it("parse whatever the Content-Type, dropping unknown fields", async () => {
    const contentTypes: Record<string, string>[] = [
      {},
      { "Content-Type": "text/plain" },
      { "Content-Type": "application/octet-stream" },
    ];
    for (const headers of contentTypes) {
      const parsed = await readJsonBody(post('{"name":"ada","admin":true}', headers), schema);
      expect(parsed).toEqual({ ok: true, data: { name: "ada" } });
    }
  });

  it("count the bytes actually read when no Content-Length is sent", async () => {
    const half = "x".repeat(MAX_BODY_BYTES / 2);
    const fits = await readJsonBody(post(streamOf('{"name":"', half.slice(20), '"}')), schema);
    expect(fits.ok).toBe(true);
    const tooBig = await readJsonBody(post(streamOf('{"name":"', half, half, '"}')), schema);
    expect(tooBig.ok).toBe(false);
    expect((tooBig as { response: Response }).response.status).toBe(413);
  });

  it("refuse invalid UTF-8 with a 400", async () => {
    const parsed = await readJsonBody(post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), schema);
    expect((parsed as { response: Response }).response.status).toBe(400);
  });

  it("treat an empty body as an object with every field missing", async () => {
    const parsed = await readJsonBody(post(null), schema);
    const response = (parsed as { response: Response }).response;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.any(String), errors: { name: ["Enter a name."] } });
  });
});

describe("access tokens in requests", () => {
  it("are read from a Bearer header, case-insensitively, and nothing else", () => {
    const withAuth = (value: string) => new Request("http://localhost/", { headers: { Authorization: value } });
    expect(bearerToken(withAuth("Bearer abc.def.ghi"))).toBe("abc.def.ghi");
    expect(bearerToken(withAuth("bearer abc"))).toBe("abc");
    expect(bearerToken(withAuth("Basic abc"))).toBeNull();
    expect(bearerToken(withAuth("Bearer"))).toBeNull();
    expect(bearerToken(withAuth("Bearer a b"))).toBeNull();
  });

  it("are read for a refresh from the header, the raw body, a JSON string or {access_token}", async () => {
    expect(await readAccessToken(post("", { Authorization: "Bearer from-header" }))).toEqual({
      ok: true,
      data: "from-header",
    });
    expect(await readAccessToken(post("  raw.token.body\n"))).toEqual({ ok: true, data: "raw.token.body" });
    expect(await readAccessToken(post('"json.string.token"'))).toEqual({ ok: true, data: "json.string.token" });
    expect(await readAccessToken(post('{"access_token":"a.b.c","extra":1}'))).toEqual({ ok: true, data: "a.b.c" });
    expect(await readAccessToken(post("{}"))).toEqual({ ok: true, data: null });
    expect(await readAccessToken(post(null))).toEqual({ ok: true, data: null });
    for (const bad of ['{"access_token":42}', "[1]", "{oops"]) {
      const parsed = await readAccessToken(post(bad));
      expect((parsed as { response: Response }).response.status).toBe(400);
    }
  });
});
