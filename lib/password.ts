import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { PASSWORD_MAX_LENGTH } from "@/lib/validation";

// argon2id at OWASP's minimum (m=19 MiB, t=2, p=1). Hashes are PHC strings, so the parameters travel with
// each hash and a hash made with older parameters is recognised and replaced at the next sign-in.
// `algorithm: 2` is Algorithm.Argon2id (a const enum that isolated modules cannot import).
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const PHC_PARAMS = `$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`;

function assertLength(password: string) {
  // Callers validate first; this guards the rule that nothing over-long is ever hashed.
  if (password.length > PASSWORD_MAX_LENGTH)
    throw new RangeError("password longer than the maximum reached the hasher");
}

export async function hashPassword(password: string): Promise<string> {
  assertLength(password);
  return hash(password, ARGON2_PARAMS);
}

export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(PHC_PARAMS);
}

/** Checks a password against a stored hash. A malformed stored hash is a mismatch, never a crash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  assertLength(password);
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash of a random password: verifying against it costs what a real verification costs, so an
// unknown username takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Spends one verification's worth of time, for a sign-in whose user does not exist. */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummyHash, password);
  return false;
}
