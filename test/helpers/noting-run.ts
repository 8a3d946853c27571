import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/context.ts';
import type { RunDefinition } from '../../src/runs/definitions.ts';
import type { TestApp } from './app.ts';
import { rows } from './sql.ts';

/**
 * A setup run of internal steps a, b, c for tests of the run engine: each step notes in a table
 * that it ran (a rolled-back transaction takes its note along), then throws when
 * `fails(key, call)` says its `call`-th call fails. `effects` counts the notes that stayed.
 */
export async function notingSetupRun(
  app: TestApp,
  organizationId: string,
  fails: (key: string, call: number) => boolean,
) {
  await app.ctx.db.execute(
    sql`create table if not exists run_effects (organization_id uuid not null, step text not null)`,
  );
  const calls = new Map<string, number>();
  const step = (key: string) => ({
    key,
    async run(tx: AppContext['db']) {
      const call = (calls.get(key) ?? 0) + 1;
      calls.set(key, call);
      await tx.execute(
        sql`insert into run_effects (organization_id, step) values (${organizationId}, ${key})`,
      );
      if (fails(key, call)) throw new Error(`${key} failed (call ${call})`);
    },
  });
  const definition: RunDefinition<AppContext> = {
    kind: 'setup',
    steps: [step('a'), step('b'), step('c')],
    async onSucceeded() {},
    async onFailed() {},
  };
  const effects = async () => {
    const noted = await rows<{ step: string; n: number }>(
      app,
      sql`select step, count(*)::int as n from run_effects where organization_id = ${organizationId}
          group by step order by step`,
    );
    return Object.fromEntries(noted.map((e) => [e.step, e.n]));
  };
  return { definition, calls, effects };
}
