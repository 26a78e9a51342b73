import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { spawnProductionServer } from "../support/production-server";
import { APP_DIR, baseEnv, freePort } from "./stack";

// A production server that cannot start must stop with the reason, not listen and answer 500 to every
// request (which Next.js does when the app's start fails): the container or service manager then sees a
// failed start instead of a live process that serves nothing.

describe("a production server that cannot start", () => {
  it("exits 1 and says which settings are missing", async () => {
    const port = await freePort();
    const child = spawnProductionServer({
      port,
      root: APP_DIR,
      stdio: ["ignore", "pipe", "pipe"],
      // No APP_URL, AUTH_SECRET or SMTP_URL: production refuses to guess them.
      env: baseEnv({ PGLITE_DIR: "memory://" }),
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = once(child, "exit");
    const deadline = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const [code, signal] = await exited;
    clearTimeout(deadline);
    expect({ code, signal }, output).toEqual({ code: 1, signal: null });
    expect(output).toMatch(/"message":"the server cannot start".*Refusing to start in production without APP_URL/);
  });
});
