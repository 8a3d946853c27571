import { AppError } from '../errors.ts';

/** SPEC: six consecutive failed sign-ins lock the account for five minutes. */
export const lockoutPolicy = { maxFailures: 6, lockMs: 5 * 60_000 } as const;

export function accountLocked(until: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', { details: { lockedUntil: until.toISOString() }, params: { until } });
}
