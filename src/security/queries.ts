import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { countedHitCte } from '../rate-limit/queries.ts';
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

/**
 * A sign-in attempt, in one statement: counts it on `attempt.counter` (a window of
 * `attempt.windowMs`), and reads until when `key` is locked, if it is, and whether it has
 * failures on record at all.
 */
export async function countSignInAttempt(
  db: Db,
  key: string,
  attempt: { counter: string; windowMs: number },
  now: Date,
): Promise<{ hits: number; ttlMs: number; lockedUntil: Date | null; hasFailures: boolean }> {
  const [row] = await queryRows<{
    hits: number;
    ttl_ms: string | number;
    locked_until: string | Date | null;
    has_failures: boolean;
  }>(
    db,
    sql`with ${countedHitCte(attempt.counter, attempt.windowMs)}
      select counted.hits, counted.ttl_ms, f.key is not null as has_failures,
        case when f.locked_until > ${now.toISOString()}::timestamptz then f.locked_until end as locked_until
      from counted left join sign_in_failures f on f.key = ${key}`,
  );
  return {
    hits: Number(row?.hits ?? 1),
    ttlMs: Number(row?.ttl_ms ?? attempt.windowMs),
    lockedUntil: row?.locked_until ? new Date(row.locked_until) : null,
    hasFailures: row?.has_failures ?? true,
  };
}

export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db.execute(sql`delete from sign_in_failures where key = ${key}`);
}

export async function deleteStaleSignInFailures(db: Db, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - lockoutPolicy.resetMs - lockoutPolicy.lockMs).toISOString();
  await db.execute(sql`delete from sign_in_failures where updated_at < ${stale}::timestamptz`);
}
