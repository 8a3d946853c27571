import { type SQL, sql } from 'drizzle-orm';
import { arrayLiteral } from '../db/arrays.ts';
import { type Db, queryRows } from '../db/client.ts';
import { compileSql } from '../db/compiled.ts';

export type Reservation = { key: string; want: number; max: number; windowMs: number };
export type Granted = { granted: number; total: number; ttlMs: number };

/**
 * Reserves up to `want` hits on each key for one process, never past its `max` in the window (a
 * window that ended starts again). Returns, per key, how many were granted (0: the limit is
 * reached), the total granted in the window so far, and the milliseconds left in it. One
 * statement for any number of distinct keys: each row lock makes concurrent reservations from
 * any number of processes add up exactly, and the keys are locked in sorted order, so two
 * processes' batches never deadlock.
 */
export async function reserveHits(db: Db, batch: readonly Reservation[]): Promise<Map<string, Granted>> {
  const rows = await hitsReserved(db, {
    keys: arrayLiteral(batch.map((b) => b.key)),
    wants: arrayLiteral(batch.map((b) => b.want)),
    maxes: arrayLiteral(batch.map((b) => b.max)),
    windows: arrayLiteral(batch.map((b) => b.windowMs)),
  });
  return new Map(
    rows.map((row) => [
      row.key,
      { granted: Number(row.granted), total: Number(row.hits), ttlMs: Number(row.ttl_ms) },
    ]),
  );
}

const hitsReserved = compileSql<
  { keys: string; wants: string; maxes: string; windows: string },
  { key: string; granted: number; hits: number; ttl_ms: string | number }
>(
  (p) => sql`insert into rate_limit_counters as c (key, hits, window_ends_at, last_grant, max_hits)
      select k, least(w, m), now() + make_interval(secs => ms / 1000.0), least(w, m), m
      from unnest(${p.keys}::text[], ${p.wants}::int[], ${p.maxes}::int[], ${p.windows}::float8[])
        as t(k, w, m, ms)
      order by k
      on conflict (key) do update set
        hits = case when c.window_ends_at <= now() then excluded.hits
          else greatest(c.hits, least(c.hits + excluded.hits, excluded.max_hits)) end,
        last_grant = case when c.window_ends_at <= now() then excluded.hits
          else greatest(0, least(excluded.hits, excluded.max_hits - c.hits)) end,
        window_ends_at = case when c.window_ends_at <= now() then excluded.window_ends_at else c.window_ends_at end,
        max_hits = excluded.max_hits
      returning key, last_grant as granted, hits, greatest(0, ceil(extract(epoch from (window_ends_at - now())) * 1000)) as ttl_ms`,
  ['keys', 'wants', 'maxes', 'windows'],
);

/**
 * The common table expression `counted` that counts one hit on `key` in a window of `windowMs`
 * and returns `hits` (so far) and `ttl_ms` (left in the window): for a statement that reads
 * something else as well.
 */
export function countedHitCte(key: string, windowMs: number): SQL {
  return sql`counted as (
    insert into rate_limit_counters as c (key, hits, window_ends_at)
    values (${key}, 1, now() + make_interval(secs => ${windowMs}::float8 / 1000.0))
    on conflict (key) do update set
      hits = case when c.window_ends_at <= now() then 1 else c.hits + 1 end,
      window_ends_at = case when c.window_ends_at <= now() then excluded.window_ends_at else c.window_ends_at end
    returning hits, greatest(0, ceil(extract(epoch from (window_ends_at - now())) * 1000)) as ttl_ms)`;
}

/** Counts one hit on `key` in a window of `windowMs`: the hits so far and the milliseconds left. */
export async function countHit(
  db: Db,
  key: string,
  windowMs: number,
): Promise<{ hits: number; ttlMs: number }> {
  const [row] = await queryRows<{ hits: number; ttl_ms: string | number }>(
    db,
    sql`with ${countedHitCte(key, windowMs)} select hits, ttl_ms from counted`,
  );
  return { hits: Number(row?.hits ?? 1), ttlMs: Number(row?.ttl_ms ?? windowMs) };
}

export async function deleteExpiredCounters(db: Db): Promise<void> {
  await db.execute(sql`delete from rate_limit_counters where window_ends_at < now() - interval '1 hour'`);
}
