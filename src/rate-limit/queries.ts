import { sql } from 'drizzle-orm';
import { arrayLiteral } from '../db/arrays.ts';
import { type Db, queryRows } from '../db/client.ts';

type HitBatch = { key: string; hits: number; windowMs: number }[];

/**
 * Adds hits to fixed-window counters that every app process shares (they live in the database,
 * not in process memory), one statement for any number of keys. A counter whose window ended
 * starts a new one. Returns each key's total and the milliseconds left in its window.
 */
async function addHits(db: Db, batch: HitBatch): Promise<Map<string, { hits: number; ttlMs: number }>> {
  const rows = await queryRows<{ key: string; hits: number; ttl_ms: string | number }>(
    db,
    sql`insert into rate_limit_counters (key, hits, window_ends_at)
      select k, h, now() + make_interval(secs => w / 1000.0)
      from unnest(${arrayLiteral(batch.map((b) => b.key))}::text[], ${arrayLiteral(batch.map((b) => b.hits))}::int[],
                  ${arrayLiteral(batch.map((b) => b.windowMs))}::float8[]) as t(k, h, w)
      on conflict (key) do update set
        hits = case when rate_limit_counters.window_ends_at <= now()
          then excluded.hits else rate_limit_counters.hits + excluded.hits end,
        window_ends_at = case when rate_limit_counters.window_ends_at <= now()
          then excluded.window_ends_at else rate_limit_counters.window_ends_at end
      returning key, hits, greatest(0, ceil(extract(epoch from (window_ends_at - now())) * 1000)) as ttl_ms`,
  );
  return new Map(rows.map((row) => [row.key, { hits: Number(row.hits), ttlMs: Number(row.ttl_ms) }]));
}

/**
 * Reserves up to `want` hits on `key` for one process, never past `max` in the window (a window
 * that ended starts again). Returns how many were granted (0: the limit is reached), the total
 * granted in the window so far, and the milliseconds left in it. One statement: the row lock
 * makes concurrent reservations from any number of processes add up exactly.
 */
export async function reserveHits(
  db: Db,
  key: string,
  want: number,
  max: number,
  windowMs: number,
): Promise<{ granted: number; total: number; ttlMs: number }> {
  const [row] = await queryRows<{ granted: number; hits: number; ttl_ms: string | number }>(
    db,
    sql`insert into rate_limit_counters (key, hits, window_ends_at, last_grant)
      values (${key}, least(${want}::int, ${max}::int), now() + make_interval(secs => ${windowMs}::float8 / 1000.0),
              least(${want}::int, ${max}::int))
      on conflict (key) do update set
        hits = case when rate_limit_counters.window_ends_at <= now() then least(${want}::int, ${max}::int)
          else greatest(rate_limit_counters.hits, least(rate_limit_counters.hits + ${want}::int, ${max}::int)) end,
        last_grant = case when rate_limit_counters.window_ends_at <= now() then least(${want}::int, ${max}::int)
          else greatest(0, least(${want}::int, ${max}::int - rate_limit_counters.hits)) end,
        window_ends_at = case when rate_limit_counters.window_ends_at <= now()
          then excluded.window_ends_at else rate_limit_counters.window_ends_at end
      returning last_grant as granted, hits, greatest(0, ceil(extract(epoch from (window_ends_at - now())) * 1000)) as ttl_ms`,
  );
  return {
    granted: Number(row?.granted ?? 0),
    total: Number(row?.hits ?? max),
    ttlMs: Number(row?.ttl_ms ?? windowMs),
  };
}

/** Counts one hit on `key` in a window of `windowMs`: the hits so far and the milliseconds left. */
export async function countHit(
  db: Db,
  key: string,
  windowMs: number,
): Promise<{ hits: number; ttlMs: number }> {
  const counted = await addHits(db, [{ key, hits: 1, windowMs }]);
  return counted.get(key) ?? { hits: 1, ttlMs: windowMs };
}

export async function deleteExpiredCounters(db: Db): Promise<void> {
  await db.execute(sql`delete from rate_limit_counters where window_ends_at < now() - interval '1 hour'`);
}
