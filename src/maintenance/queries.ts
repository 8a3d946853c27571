import { lt, or, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { customerSessions, staffSessions } from '../db/schema.ts';
import { sessionPolicy } from '../security/sessions.ts';

/** Sessions of both realms past their absolute or idle expiry. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  const idleCutoff = new Date(now.getTime() - sessionPolicy.idleMs);
  await db
    .delete(staffSessions)
    .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, idleCutoff)));
  await db
    .delete(customerSessions)
    .where(or(lt(customerSessions.expiresAt, now), lt(customerSessions.lastSeenAt, idleCutoff)));
}

/** Whether PostgreSQL's autovacuum runs on this server (it never does on PGlite). */
export async function autovacuumIsOn(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ on: boolean }>(
    db,
    sql`select current_setting('autovacuum') = 'on' and current_setting('track_counts') = 'on' as on`,
  );
  return row?.on === true;
}

/** A table's size (as last counted) and what changed in it since it was last vacuumed and analyzed. */
export type TableActivity = {
  schema: string;
  table: string;
  rows: number;
  deadRows: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
};

/** Each table's size and what changed in it since it was last vacuumed and analyzed. */
export async function tableActivity(db: Db): Promise<TableActivity[]> {
  const rows = await queryRows<{
    schema: string;
    table: string;
    rows: number | string;
    dead: number | string;
    modified: number | string;
    inserted: number | string;
  }>(
    db,
    sql`select s.schemaname as schema, s.relname as table, greatest(c.reltuples, 0) as rows,
          s.n_dead_tup as dead, s.n_mod_since_analyze as modified, s.n_ins_since_vacuum as inserted
        from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where c.relkind = 'r' and s.schemaname not like 'pg\\_%'`,
  );
  return rows.map((row) => ({
    schema: row.schema,
    table: row.table,
    rows: Number(row.rows),
    deadRows: Number(row.dead),
    modifiedSinceAnalyze: Number(row.modified),
    insertedSinceVacuum: Number(row.inserted),
  }));
}

/** VACUUM (with ANALYZE) or ANALYZE alone, of one table; never inside a transaction. */
export async function vacuumTable(db: Db, table: { schema: string; table: string }, vacuum: boolean) {
  const name = sql`${sql.identifier(table.schema)}.${sql.identifier(table.table)}`;
  await db.execute(vacuum ? sql`vacuum (analyze) ${name}` : sql`analyze ${name}`);
}
