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

// Every request gets a reference: random bytes are drawn from the CSPRNG a few kilobytes at a
// time, since one call per request costs more than the rest of a small request's work.
const referencePool = Buffer.alloc(4092);
let referenceOffset = referencePool.length;

/** A short reference people can read out to support: 12 Crockford base32 characters in groups. */
export function newReference(): string {
  if (referenceOffset + 12 > referencePool.length) {
    randomFillSync(referencePool);
    referenceOffset = 0;
  }
  const start = referenceOffset;
  referenceOffset += 12;
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += crockford[(referencePool[start + i] ?? 0) % 32];
    if (i === 3 || i === 7) out += '-';
  }
  return out;
}
