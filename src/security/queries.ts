import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { lockoutPolicy } from './lockout.ts';

/**
 * The update that counts one failed sign-in on an account row: the sixth in a row locks it
 * until `now + lockMs` and starts the count again. One statement, so concurrent failures count.
 */
export function failedSignInUpdate(
  columns: { failedLogins: PgColumn; lockedUntil: PgColumn },
  now: Date,
): { failedLogins: SQL; lockedUntil: SQL } {
  const locks = sql`${columns.failedLogins} + 1 >= ${lockoutPolicy.maxFailures}`;
  const until = new Date(now.getTime() + lockoutPolicy.lockMs).toISOString();
  return {
    failedLogins: sql`case when ${locks} then 0 else ${columns.failedLogins} + 1 end`,
    lockedUntil: sql`case when ${locks} then ${until}::timestamptz else ${columns.lockedUntil} end`,
  };
}
