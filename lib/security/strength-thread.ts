import "server-only";
import { Worker } from "node:worker_threads";
import { PREFIX_LENGTH, USE_COMPACT_DICTIONARIES } from "@/lib/security/compact-dictionaries";
import { LOWER_THREAD_PRIORITY } from "@/lib/security/password-hash";
import { errorMessage, log } from "@/lib/platform/log";
import { STRENGTH_OPTIONS, strengthScoreOf, type StrengthScore } from "@/lib/shared/password-policy";

// zxcvbn's scoring runs on a thread of its own. It cost 45-80 ms of CPU for a long random password (its
// l33t matcher looks every substitution up in every dictionary; about 6 ms now, with the faster matcher
// below), more than the hash it used to run beside: on the main thread it held up every other request for
// that long, and it made a sign-up take the check's time, then the hash's. Here it runs while the hash runs
// on its thread, at the same lower CPU priority, and its dictionaries (about 9 MB as compact tables, for
// three languages) live in this thread, built on the first password set, never in a process that only
// signs people in.
//
// One thread: passwords are set one at a time per person, and sign-ups are admitted with the hash work
// (lib/security/password-hash.ts admitHashWork), so the queue here stays as short as the hash threads'.

// The dictionaries of every language the site speaks: a password common in any of them is refused, whatever
// the page's language. English and the common lists come first, as in the browser's checker.
const DICTIONARY_PACKAGES = ["@zxcvbn-ts/language-common", "@zxcvbn-ts/language-en", "@zxcvbn-ts/language-pt-br"];

// Plain CommonJS given as source, like the hash threads': it loads zxcvbn from the working directory's
// node_modules (Next.js keeps these packages external, so the standalone build traces them there), and
// keeps its dictionaries as the compact tables of lib/security/compact-dictionaries.ts, with the matcher
// that reads them. The packages' own lists of words are emptied once copied: the tables are all that stays.
const WORKER_SOURCE = `
const os = require("node:os");
const { parentPort, workerData } = require("node:worker_threads");
const { ZxcvbnFactory } = require("@zxcvbn-ts/core");
const { adjacencyGraphs } = require("@zxcvbn-ts/language-common");
${LOWER_THREAD_PRIORITY}
const MatchDictionary = require("@zxcvbn-ts/core/dist/matcher/dictionary/matching.cjs");
const wordLists = Object.assign({}, ...workerData.packages.map((name) => require(name).dictionary));
const checker = new ZxcvbnFactory({ graphs: adjacencyGraphs, ...workerData.options });
(${USE_COMPACT_DICTIONARIES})(MatchDictionary, checker.options, wordLists, ${PREFIX_LENGTH});
for (const words of Object.values(wordLists)) words.length = 0;
parentPort.on("message", ({ password, inputs }) => {
  try {
    const { score, feedback } = checker.check(password, inputs);
    parentPort.postMessage({ result: { score, feedback } });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});`;

type Job = { password: string; inputs: string[]; resolve: (score: StrengthScore) => void; reject: (e: Error) => void };
type StrengthThread = { worker?: Worker; waiting: Job[]; failed: boolean };

// One per process, on globalThis: Next.js may load this module once per bundle.
const thread = ((globalThis as { __accountsStrengthThread?: StrengthThread }).__accountsStrengthThread ??= {
  waiting: [],
  failed: false,
});

function startWorker(): Worker {
  // The limits leave room for the dictionaries and the garbage of building them, and turn a leak into a
  // thread error (handled below) instead of a process that grows until the host kills it.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { packages: DICTIONARY_PACKAGES, options: STRENGTH_OPTIONS },
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
  });
  worker.unref();
  // Replies come back in the order the passwords were posted.
  worker.on("message", (reply: { result?: Parameters<typeof strengthScoreOf>[0]; error?: string }) => {
    const job = thread.waiting.shift()!;
    if (reply.result) job.resolve(strengthScoreOf(reply.result));
    else job.reject(new Error(reply.error));
  });
  worker.on("error", (error) => {
    // A thread that cannot load zxcvbn (or died) hands its passwords to the calling thread, which scores
    // from then on.
    if (!thread.failed) log.error("password strength falls back to the main thread", { error: errorMessage(error) });
    thread.failed = true;
    thread.worker = undefined;
    for (const job of thread.waiting.splice(0)) scoreInProcess(job);
  });
  return worker;
}

/** The fallback: the same dictionaries, loaded into this thread on first use. */
async function scoreInProcess({ password, inputs, resolve, reject }: Job) {
  try {
    const [{ scorePassword }, { dictionary }] = await Promise.all([
      import("@/lib/shared/password-strength"),
      import("@zxcvbn-ts/language-pt-br"),
    ]);
    resolve(scorePassword(password, inputs, [{ name: "pt-BR", dictionary }]));
  } catch (error) {
    reject(error as Error);
  }
}

/** zxcvbn's score of a password against every language's dictionaries and the person's own inputs. */
export function scorePasswordOffThread(password: string, inputs: string[]): Promise<StrengthScore> {
  return new Promise((resolve, reject) => {
    const job = { password, inputs, resolve, reject };
    if (thread.failed) return void scoreInProcess(job);
    thread.worker ??= startWorker();
    thread.waiting.push(job);
    thread.worker.postMessage({ password, inputs });
  });
}
