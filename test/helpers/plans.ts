import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';

export type PlanNode = {
  'Parent Relationship'?: string;
  'Relation Name'?: string;
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

/**
 * `query`'s plan as it ran when planned once for any values (a prepared statement's generic
 * plan, which PostgreSQL may settle on after five runs): a partial index serves it only if its
 * condition is written into the statement, not bound as a value.
 */
export async function explainGeneric(db: Db, query: { sql: string; params: unknown[] }): Promise<PlanNode> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
    await tx.execute(sql.raw(`prepare generic_plan_probe as ${query.sql}`));
    try {
      // EXECUTE within EXPLAIN takes no bound parameters: the values are written in, as literals.
      const values = query.params.map((value) => `'${String(value).replaceAll("'", "''")}'`).join(', ');
      return await explainAnalyze(tx, sql.raw(`execute generic_plan_probe(${values})`));
    } finally {
      await tx.execute(sql`deallocate generic_plan_probe`);
    }
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
