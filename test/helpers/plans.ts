import { createRequire } from 'node:module';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';

/** A node of `EXPLAIN (format json)`, with the fields the tests read. */
export type PlanNode = {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Plan Rows': number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
};

/** Rows of `relation` the plan's scans produced or filtered out: what the statement read. */
export function rowsRead(node: PlanNode, relation: string): number {
  const loops = node['Actual Loops'] ?? 1;
  const own =
    node['Relation Name'] === relation
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, relation), 0);
}

/** `query`'s plan as it ran (it runs: explain it in a transaction that rolls back if it writes). */
export async function explainAnalyze(db: Db, query: SQL): Promise<PlanNode> {
  const [row] = (
    (await db.execute(sql`explain (analyze, format json) ${query}`)) as unknown as {
      rows: { 'QUERY PLAN': [{ Plan: PlanNode }] }[];
    }
  ).rows;
  if (!row) throw new Error('EXPLAIN answered nothing');
  return row['QUERY PLAN'][0].Plan;
}

/** How node-postgres writes a value as a parameter's text (dates, arrays, JSON), and quotes it. */
const { prepareValue, escapeLiteral } = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue: (value: unknown) => string | Buffer | null;
  escapeLiteral: (text: string) => string;
};

/** Runs one statement of plain text on one connection; its rows. */
export type RunText = (text: string) => Promise<unknown[]>;

/**
 * The plan of `query` (text with $n placeholders, and its values) that PostgreSQL may settle on
 * for a prepared statement after its fifth run: made once for any values, so a partial index
 * serves it only if its condition is written in the statement. `run` must be one connection
 * whose `plan_cache_mode` is `force_generic_plan`.
 */
export async function genericPlanOf(
  run: RunText,
  query: { text: string; values: unknown[] },
  options: { analyze?: boolean } = {},
): Promise<PlanNode> {
  await run(`prepare generic_plan_probe as ${query.text}`);
  try {
    // EXECUTE within EXPLAIN takes no bound parameters: the values are written in, as literals.
    const values = query.values.map((value) => {
      const prepared = prepareValue(value);
      return prepared === null ? 'null' : escapeLiteral(String(prepared));
    });
    const rows = await run(
      `explain (${options.analyze ? 'analyze, ' : ''}format json) execute generic_plan_probe${values.length ? `(${values.join(', ')})` : ''}`,
    );
    return (rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan;
  } finally {
    await run('deallocate generic_plan_probe');
  }
}

/** `query`'s generic plan (see `genericPlanOf`) as it ran, in a transaction of `db`'s. */
export function explainGeneric(db: Db, query: { sql: string; params: unknown[] }): Promise<PlanNode> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    const run: RunText = async (text) =>
      ((await tx.execute(sql.raw(text))) as unknown as { rows: unknown[] }).rows;
    return genericPlanOf(run, { text: query.sql, values: query.params }, { analyze: true });
  });
}

/**
 * Runs `work` with a handle whose raw statements (`execute`) are explained as they run, in a
 * transaction that is then rolled back; the plans, in order. Each explained statement answers no
 * rows to `work`.
 */
export async function explainAnalyzed(
  db: Db,
  work: (explaining: Db) => Promise<unknown>,
): Promise<PlanNode[]> {
  const plans: PlanNode[] = [];
  const rollBack = new Error('roll back');
  await db
    .transaction(async (tx) => {
      const explaining = new Proxy(tx, {
        get(target, key, receiver) {
          if (key !== 'execute') return Reflect.get(target, key, receiver);
          return async (query: SQL) => {
            plans.push(await explainAnalyze(target, query));
            return { rows: [] };
          };
        },
      }) as Db;
      await work(explaining);
      throw rollBack;
    })
    .catch((error: unknown) => {
      if (error !== rollBack) throw error;
    });
  return plans;
}
