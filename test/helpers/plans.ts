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
            const [row] = (
              (await target.execute(sql`explain (analyze, format json) ${query}`)) as unknown as {
                rows: { 'QUERY PLAN': [{ Plan: PlanNode }] }[];
              }
            ).rows;
            if (row) plans.push(row['QUERY PLAN'][0].Plan);
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
