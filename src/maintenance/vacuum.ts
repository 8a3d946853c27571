import type { Database } from '../db/client.ts';
import { autovacuumIsOn, type TableActivity, tableActivity, vacuumTable } from './queries.ts';

export type UpkeepDue = { vacuum: boolean; analyze: boolean; urgency: number };

/**
 * What PostgreSQL's autovacuum would do to a table now, by its default thresholds: vacuum once
 * dead rows pass 50 + 20% of the table (or inserts since the last vacuum 1,000 + 20%), analyze
 * once changed rows pass 50 + 10%. `urgency` is how far past its threshold the table is.
 */
export function upkeepDue(table: TableActivity): UpkeepDue {
  const rows = Math.max(0, table.rows);
  const pressures = [
    table.deadRows / (50 + 0.2 * rows),
    table.insertedSinceVacuum / (1000 + 0.2 * rows),
    table.modifiedSinceAnalyze / (50 + 0.1 * rows),
  ];
  const [dead = 0, inserted = 0, modified = 0] = pressures;
  return {
    vacuum: dead > 1 || inserted > 1,
    analyze: modified > 1,
    urgency: Math.max(...pressures),
  };
}

/**
 * Autovacuum's work, done by the minute's upkeep where no autovacuum runs: PGlite has none (one
 * process, no background workers), and a PostgreSQL server may have it turned off. Without it
 * every update leaves its old row behind for good, and the planner never learns how large a
 * table has grown: a plan made while a table held a few rows (a foreign-key check's, a prepared
 * statement's) goes on reading all of it, since analyzing the table is what makes it plan again.
 *
 * At most `limit` tables a minute, those furthest past their thresholds first. Answers the
 * tables it vacuumed or analyzed.
 */
export async function vacuumWhereDue(
  database: Database,
  options: { limit?: number; evenWithAutovacuum?: boolean } = {},
): Promise<string[]> {
  const { db } = database;
  if (!options.evenWithAutovacuum && database.kind === 'postgres' && (await autovacuumIsOn(db))) return [];
  const tables = (await tableActivity(db))
    .map((table) => ({ table, due: upkeepDue(table) }))
    .filter(({ due }) => due.vacuum || due.analyze)
    .sort((a, b) => b.due.urgency - a.due.urgency)
    .slice(0, options.limit ?? 8);
  for (const { table, due } of tables) await vacuumTable(db, table, due.vacuum);
  return tables.map(({ table }) => `${table.schema}.${table.table}`);
}
