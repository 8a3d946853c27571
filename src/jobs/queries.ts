import { type SQL, sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import type { Db } from '../db/client.ts';

/** pg-boss's view of a Drizzle handle or transaction: a job sent through it commits with it. */
export function bossExecutor(db: Db) {
  return fromDrizzle(db as never, sql as never);
}

/** NOTIFY `channel` now; in a transaction, PostgreSQL delivers it when the transaction commits. */
export async function notify(db: Db, channel: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, '')`);
}

/** `notify` as a scalar for the statement a transaction runs last (see `CommitPart`). */
export function notifyValue(channel: string) {
  return sql`(select 0 from pg_notify(${channel}, ''))`;
}

/**
 * `notify` as a scalar for the statement a transaction runs last, sent only if `count` (a scalar
 * of that statement) is above zero: 1 if it notified.
 */
export function notifyIfValue(channel: string, count: SQL) {
  return sql`(select count(*)::int from (select pg_notify(${channel}, '') where ${count} > 0) as woken)`;
}
