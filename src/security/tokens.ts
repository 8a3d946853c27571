import { createHash, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

/** A bearer secret for links, sessions and API tokens: 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored only as this hash; a database leak reveals no usable link or session. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a string could be one of our tokens at all; anything else is rejected before a lookup. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{20,128}$/.test(value);
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Identifiers that are not secrets (request references, event ids) take their random bytes from
// a pool drawn from the CSPRNG a few kilobytes at a time: one call per identifier costs more than
// the rest of a small request's work. Secrets (`newSecretToken`) never come from the pool.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** The offset in `pool` of `size` fresh random bytes. */
function pooledRandom(size: number): number {
  if (poolOffset + size > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += size;
  return start;
}

/** A random identifier that is not a secret: `bytes` random bytes, URL-safe. */
export function newRandomId(bytes: number): string {
  const start = pooledRandom(bytes);
  return pool.toString('base64url', start, start + bytes);
}

/** A short reference people can read out to support: 12 Crockford base32 characters in groups. */
export function newReference(): string {
  const start = pooledRandom(12);
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += crockford[(pool[start + i] ?? 0) % 32];
    if (i === 3 || i === 7) out += '-';
  }
  return out;
}
