import { sql } from 'drizzle-orm';
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
