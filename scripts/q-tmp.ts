import { db } from "@/lib/db";
import { hashPassword } from "@/lib/password";
import { signInForApi } from "@/lib/api-sessions";
import { verifyAccessToken } from "@/lib/api-tokens";
import { validateSession } from "@/lib/sessions";
const meta = { ip: "10.0.0.1", userAgent: "q" };
const username = `q${Date.now()}`;
await db.user.create({ data: { username, email: `${username}@example.com`, passwordHash: await hashPassword("correct horse battery staple"), emailVerified: new Date() } });
const r = await signInForApi(username, "correct horse battery staple", meta);
if (!r.ok) throw new Error("x");
const claims = (await verifyAccessToken(r.accessToken))!;
async function time(name: string, n: number, f: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await f();
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  const t = performance.now() - t0; const cpu = process.cpuUsage(cpu0);
  console.log(name, "wall/op", (t / n).toFixed(3), "ms; cpu/op", ((cpu.user + cpu.system) / 1000 / n).toFixed(3), "ms");
}
await time("verifyAccessToken", 2000, () => verifyAccessToken(r.accessToken));
await time("validateSession", 2000, () => validateSession(claims.sid));
await time("db.$queryRaw SELECT 1", 2000, () => db.$queryRaw`SELECT 1`);
await time("user.findUnique", 2000, () => db.user.findUnique({ where: { username } }));
process.exit(0);
