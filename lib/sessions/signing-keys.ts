import "server-only";
import crypto from "node:crypto";
import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { db, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";

// The Ed25519 keys that sign API access tokens. They live in the database so every instance signs with the
// same key and a restart keeps issued tokens valid; the private half is sealed with AES-256-GCM under a key
// derived from AUTH_SECRET, so a database dump alone cannot mint tokens. Each instance keeps a short-lived
// copy in memory: reading keys on every request would double the cost of an authenticated call.

export const SIGNING_ALGORITHM = "EdDSA";
/** How long an instance uses its in-memory copy of the keys before reading them again. */
export const KEY_CACHE_SECONDS = 60;
/** A token naming a kid we do not know triggers a reload, at most this often (forged kids must not hammer the database). */
const RELOAD_COOLDOWN_MS = 5_000;
// Serialises key creation and rotation across instances (two first requests must not create two keys).
const LOCK = "accounts:signing-key";

type StoredKey = {
  kid: string;
  publicJwk: JWK;
  // A WebCrypto key: jose verifies with it directly, where a KeyObject would be converted on every call.
  publicKey: CryptoKey;
  sealedPrivateKey: string;
  createdAt: Date;
  retiredAt: Date | null;
};
type Cache = {
  keys: StoredKey[];
  loadedAt: number;
  loading?: Promise<StoredKey[]>;
  // Unsealed private keys as non-extractable WebCrypto keys: usable for signing, never exportable again.
  privateKeys: Map<string, CryptoKey>;
};
// Next.js may load this module once per route bundle; one cache per process keeps rotation visible to all.
const cache: Cache = ((globalThis as { __accountsSigningKeys?: Cache }).__accountsSigningKeys ??= {
  keys: [],
  loadedAt: 0,
  privateKeys: new Map(),
});

// ---- Sealing the private key ---------------------------------------------------------------------------

function sealingKey(secret: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "", "accounts signing-key encryption v1", 32));
}

/** AES-256-GCM with the kid as associated data, so a sealed key cannot be moved to another row. */
export function sealPrivateKey(plain: Buffer, kid: string, secret = env.AUTH_SECRET): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(kid));
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ["v1", ...[iv, sealed, cipher.getAuthTag()].map((part) => part.toString("base64url"))].join(".");
}

/** The plain PKCS#8 key, or null when it was sealed under another AUTH_SECRET (or tampered with). */
export function openPrivateKey(sealed: string, kid: string, secret = env.AUTH_SECRET): Buffer | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !body || !tag) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", sealingKey(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(kid));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
  } catch {
    return null;
  }
}

// ---- Storage -------------------------------------------------------------------------------------------

async function lock(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
}

async function insertKey(tx: Tx): Promise<string> {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  await tx.signingKey.create({
    data: {
      id: kid,
      algorithm: SIGNING_ALGORITHM,
      publicJwk: { ...jwk, kid, alg: SIGNING_ALGORITHM, use: "sig" },
      privateKey: sealPrivateKey(privateKey.export({ format: "der", type: "pkcs8" }), kid),
    },
  });
  return kid;
}

/** Keys older than this are of no use to anyone: even a refresh would refuse their tokens. */
function pruneBefore(now: number) {
  return new Date(now - (env.REFRESH_WINDOW + KEY_CACHE_SECONDS) * 1000);
}

async function readKeys(): Promise<StoredKey[]> {
  const rows = await db.signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { retiredAt: { gt: pruneBefore(Date.now()) } }] },
    orderBy: { createdAt: "desc" },
  });
  return Promise.all(
    rows.map(async (row) => {
      const publicJwk = row.publicJwk as JWK;
      return {
        kid: row.id,
        publicJwk,
        publicKey: (await importJWK(
          { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x },
          SIGNING_ALGORITHM,
        )) as CryptoKey,
        sealedPrivateKey: row.privateKey,
        createdAt: row.createdAt,
        retiredAt: row.retiredAt,
      };
    }),
  );
}

async function reload(): Promise<StoredKey[]> {
  // Concurrent requests share one read.
  cache.loading ??= (async () => {
    let keys = await readKeys();
    if (!keys.some((key) => !key.retiredAt)) {
      await db.$transaction(async (tx) => {
        await lock(tx);
        if (!(await tx.signingKey.findFirst({ where: { retiredAt: null }, select: { id: true } }))) {
          const kid = await insertKey(tx);
          log.info("created the first API signing key", { kid });
        }
      });
      keys = await readKeys();
    }
    cache.keys = keys;
    cache.loadedAt = Date.now();
    return keys;
  })().finally(() => {
    cache.loading = undefined;
  });
  return cache.loading;
}

/** Whether the cache was loaded less than `ms` ago (a clock that jumped backwards counts as stale). */
function loadedWithin(ms: number): boolean {
  const age = Date.now() - cache.loadedAt;
  return age >= 0 && age < ms;
}

async function keys(): Promise<StoredKey[]> {
  return loadedWithin(KEY_CACHE_SECONDS * 1000) ? cache.keys : reload();
}

// ---- What the token code uses --------------------------------------------------------------------------

/** The current key, created on first use. */
export async function signingKey(): Promise<{ kid: string; privateKey: CryptoKey }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = (await keys()).find((key) => !key.retiredAt)!;
    let privateKey = cache.privateKeys.get(current.kid);
    if (!privateKey) {
      const plain = openPrivateKey(current.sealedPrivateKey, current.kid);
      if (plain) {
        privateKey = await crypto.webcrypto.subtle.importKey("pkcs8", plain, { name: "Ed25519" }, false, ["sign"]);
        cache.privateKeys.set(current.kid, privateKey);
      }
    }
    if (privateKey) return { kid: current.kid, privateKey };
    // AUTH_SECRET changed since the key was sealed: its tokens still verify (public key), but we can no
    // longer sign with it, so a fresh key takes over.
    log.warn("the API signing key cannot be unsealed with the current AUTH_SECRET; rotating", { kid: current.kid });
    await rotateSigningKey();
  }
  throw new Error("No usable API signing key after rotation");
}

/**
 * The public key for `kid`, if it is ours and was retired less than `acceptRetiredForSeconds` ago (the
 * current key always qualifies). Unknown kids cause one reload (another instance may have rotated).
 */
export async function verificationKey(kid: string, acceptRetiredForSeconds: number): Promise<CryptoKey | null> {
  let key = (await keys()).find((candidate) => candidate.kid === kid);
  if (!key && !loadedWithin(RELOAD_COOLDOWN_MS)) {
    key = (await reload()).find((candidate) => candidate.kid === kid);
  }
  if (!key) return null;
  if (key.retiredAt && key.retiredAt.getTime() + acceptRetiredForSeconds * 1000 <= Date.now()) return null;
  return key.publicKey;
}

/**
 * How long a retired key may still have live tokens: another instance may sign with it until its cache
 * expires, and those tokens then live for one access-token lifetime.
 */
export function retiredKeyLifetime(): number {
  return env.ACCESS_TOKEN_TTL + KEY_CACHE_SECONDS;
}

/** The JWKS document: the current key and every retired key whose tokens may still be live. */
export async function publishedJwks(): Promise<{ keys: JWK[] }> {
  const horizon = Date.now() - retiredKeyLifetime() * 1000;
  return {
    keys: (await keys())
      .filter((key) => !key.retiredAt || key.retiredAt.getTime() > horizon)
      .map((key) => key.publicJwk),
  };
}

/**
 * Replaces the current key with a new one. The old key keeps verifying (and stays in the JWKS) until its
 * tokens have expired; keys past any use are deleted. Returns the new kid.
 */
export async function rotateSigningKey(): Promise<{ kid: string; retired: string[] }> {
  const result = await db.$transaction(async (tx) => {
    await lock(tx);
    const now = new Date();
    const current = await tx.signingKey.findMany({ where: { retiredAt: null }, select: { id: true } });
    await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    await tx.signingKey.deleteMany({ where: { retiredAt: { lte: pruneBefore(now.getTime()) } } });
    return { kid: await insertKey(tx), retired: current.map((key) => key.id) };
  });
  cache.loadedAt = 0;
  log.info("rotated the API signing key", result);
  return result;
}
