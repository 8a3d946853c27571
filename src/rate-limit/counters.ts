import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';

/**
 * Counts one hit on `key` in a fixed window that every app process shares (the counter lives in
 * the database, not in process memory). Returns the hits so far and the milliseconds left.
 */
export async function countHit(
  db: Db,
  key: string,
  windowMs: number,
): Promise<{ hits: number; ttlMs: number }> {
  const [row] = await queryRows<{ hits: number; ttl_ms: string | number }>(
    db,
    sql`
    insert into rate_limit_counters (key, hits, window_ends_at)
    values (${key}, 1, now() + make_interval(secs => ${windowMs / 1000}))
    on conflict (key) do update set
      hits = case when rate_limit_counters.window_ends_at <= now() then 1 else rate_limit_counters.hits + 1 end,
      window_ends_at = case when rate_limit_counters.window_ends_at <= now()
        then excluded.window_ends_at else rate_limit_counters.window_ends_at end
    returning hits, greatest(0, ceil(extract(epoch from (window_ends_at - now())) * 1000)) as ttl_ms`,
  );
  return { hits: Number(row?.hits ?? 1), ttlMs: Number(row?.ttl_ms ?? windowMs) };
}

export async function deleteExpiredCounters(db: Db): Promise<void> {
  await db.execute(sql`delete from rate_limit_counters where window_ends_at < now() - interval '1 hour'`);
}
