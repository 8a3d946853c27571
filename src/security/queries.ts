import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { lockoutPolicy } from './lockout-policy.ts';

/**
 * Failed sign-ins counted per (realm, client address, email), whether or not an account exists,
 * so the answers never tell the two apart. A count untouched for `lockoutPolicy.resetMs` starts
 * again; the sixth failure in a row locks the key and resets the count. One statement.
 */
export async function countSignInFailure(
  db: Db,
  key: string,
  now: Date,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const until = new Date(now.getTime() + lockoutPolicy.lockMs).toISOString();
  const stale = new Date(now.getTime() - lockoutPolicy.resetMs).toISOString();
  const at = now.toISOString();
  const [row] = await queryRows<{ failures: number; locked_until: string | Date | null }>(
    db,
    sql`insert into sign_in_failures as f (key, failures, locked_until, updated_at)
      values (${key}, 1, null, ${at}::timestamptz)
      on conflict (key) do update set
        failures = case
          when f.updated_at < ${stale}::timestamptz then 1
          when f.failures + 1 >= ${lockoutPolicy.maxFailures} then 0
          else f.failures + 1 end,
        locked_until = case
          when f.updated_at >= ${stale}::timestamptz and f.failures + 1 >= ${lockoutPolicy.maxFailures}
            then ${until}::timestamptz
          else f.locked_until end,
        updated_at = ${at}::timestamptz
      returning failures, locked_until`,
  );
  const lockedUntil = row?.locked_until ? new Date(row.locked_until) : null;
  return { failures: Number(row?.failures ?? 1), lockedUntil };
}

/** Until when `key` is locked, if it is. */
export async function signInLockedUntil(db: Db, key: string, now: Date): Promise<Date | null> {
  const [row] = await queryRows<{ locked_until: string | Date }>(
    db,
    sql`select locked_until from sign_in_failures
      where key = ${key} and locked_until > ${now.toISOString()}::timestamptz`,
  );
  return row ? new Date(row.locked_until) : null;
}

export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db.execute(sql`delete from sign_in_failures where key = ${key}`);
}

export async function deleteStaleSignInFailures(db: Db, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - lockoutPolicy.resetMs - lockoutPolicy.lockMs).toISOString();
  await db.execute(sql`delete from sign_in_failures where updated_at < ${stale}::timestamptz`);
}
