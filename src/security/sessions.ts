import { hashToken, newSecretToken } from './tokens.ts';

/** Sessions of both realms: opaque tokens stored as hashes, with idle and absolute expiry. */
export const sessionPolicy = { absoluteMs: 7 * 24 * 3600_000, idleMs: 12 * 3600_000 } as const;

export function newSession(now: Date) {
  const token = newSecretToken();
  return {
    token,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + sessionPolicy.absoluteMs),
  };
}

export function idleCutoff(now: Date): Date {
  return new Date(now.getTime() - sessionPolicy.idleMs);
}

/** Idle expiry slides; writing the last-seen time at most once a minute keeps reads cheap. */
export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() > 60_000;
}
