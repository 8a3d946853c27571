import type { Origin } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { lockoutPolicy } from './lockout-policy.ts';
import { verifyAgainstDummy } from './passwords.ts';
import { clearSignInFailures, countSignInAttempt, countSignInFailure } from './queries.ts';
import { hashToken } from './tokens.ts';

function accountLocked(until: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: until.toISOString() }, params: { until } });
}

/** At most this many sign-in attempts per email every 15 minutes, from all addresses together. */
const attemptsPerEmail = 30;

/**
 * The lockout of one (realm, client address, email): the same for an email with an account and
 * one without, so neither the answers nor their timing say which it is. The email is hashed.
 */
export function signInThrottle(db: Db, realm: 'customer' | 'staff', origin: Origin, email: string) {
  const address = origin.actor.type === 'anonymous' ? (origin.actor.ip ?? '') : '';
  const emailHash = hashToken(email.trim().toLowerCase());
  const key = `${realm}:${address}:${emailHash}`;
  // Until the attempt is counted, assume failures on record: a success clears them.
  let hasFailures = true;
  return {
    /**
     * Throws RATE_LIMITED past `attemptsPerEmail` from all addresses together, and
     * ACCOUNT_LOCKED while this address is locked, after the work a password check takes.
     */
    async assertOpen(now: Date, password: string): Promise<void> {
      const attempt = await countSignInAttempt(
        db,
        key,
        { counter: `sign-in:${realm}:${emailHash}`, windowMs: 15 * 60_000 },
        now,
      );
      hasFailures = attempt.hasFailures;
      if (attempt.hits > attemptsPerEmail) {
        const seconds = Math.ceil(attempt.ttlMs / 1000);
        throw new AppError('RATE_LIMITED', { params: { seconds }, details: { retryAfterSeconds: seconds } });
      }
      const until = attempt.lockedUntil;
      if (!until) return;
      await verifyAgainstDummy(password);
      throw accountLocked(until);
    },
    /**
     * Counts a failure and returns what to answer: ACCOUNT_LOCKED when it locks, otherwise
     * INVALID_CREDENTIALS, warning when one attempt is left.
     */
    async failed(now: Date): Promise<{ error: AppError; locked: Date | null }> {
      const { failures, lockedUntil } = await countSignInFailure(db, key, now);
      if (lockedUntil && lockedUntil > now) return { error: accountLocked(lockedUntil), locked: lockedUntil };
      const attemptsLeft = lockoutPolicy.maxFailures - failures;
      return {
        error: new AppError('INVALID_CREDENTIALS', {
          ...(attemptsLeft === 1 ? { variant: 'lastAttempt', details: { attemptsLeft } } : {}),
        }),
        locked: null,
      };
    },
    /** Clears the failures on record, if there were any when the attempt was counted. */
    succeeded: async () => {
      if (hasFailures) await clearSignInFailures(db, key);
    },
  };
}
