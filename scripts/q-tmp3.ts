import fs from "node:fs";
import { renderEmail } from "@/lib/mail";
import { checkPasswordStrength } from "@/lib/password-policy";
import { registerUser } from "@/lib/users";
const mainCpu = () => { const f = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1].split(" "); return (Number(f[11]) + Number(f[12])) * 10; };
async function time(name: string, iters: number, f: (i: number) => Promise<unknown> | unknown) {
  for (let i = 0; i < 20; i++) await f(-i - 1);
  const c0 = mainCpu(); const t0 = performance.now();
  for (let i = 0; i < iters; i++) await f(i);
  console.log(name.padEnd(22), "wall", ((performance.now() - t0) / iters).toFixed(2), "ms; main cpu", ((mainCpu() - c0) / iters).toFixed(2), "ms");
}
const props = { appName: "Accounts", username: "someone", link: "https://example.com/confirm?token=abcdefghijklmnopqrstuvwxyz0123456789abcdefg", expiresIn: "24 hours" };
await time("renderEmail confirm", 200, () => renderEmail("confirm-email" as never, props as never));
await time("zxcvbn", 200, (i) => checkPasswordStrength(`Tr0ub4dor&3-${i}-horse-staple`, { username: "someone", email: "someone@example.com", appName: "Accounts" }));
const stamp = Date.now();
await time("registerUser", 100, (i) => registerUser({ username: `r${stamp}${i + 100}`, email: `r${stamp}${i + 100}@example.com`, password: `Tr0ub4dor&3-${i}-horse-staple` }, { ip: null, userAgent: "q" }));
process.exit(0);
