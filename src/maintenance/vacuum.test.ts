import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp } from '../../test/helpers/app.ts';
import { queryRows } from '../db/client.ts';
import { autovacuumIsOn, type TableActivity } from './queries.ts';
import { upkeepDue, vacuumWhereDue } from './vacuum.ts';

const table = (counts: Partial<TableActivity>): TableActivity => ({
  schema: 'public',
  table: 't',
  rows: 0,
  deadRows: 0,
  modifiedSinceAnalyze: 0,
  insertedSinceVacuum: 0,
  ...counts,
});

test('the upkeep vacuums and analyzes by autovacuum’s default thresholds', () => {
  const cases: [string, Partial<TableActivity>, { vacuum: boolean; analyze: boolean }][] = [
    ['an untouched table', { rows: 1000 }, { vacuum: false, analyze: false }],
    ['never counted, 50 changes', { rows: 0, modifiedSinceAnalyze: 50 }, { vacuum: false, analyze: false }],
    ['never counted, 51 changes', { rows: 0, modifiedSinceAnalyze: 51 }, { vacuum: false, analyze: true }],
    ['1,000 rows, 250 dead', { rows: 1000, deadRows: 250 }, { vacuum: false, analyze: false }],
    ['1,000 rows, 251 dead', { rows: 1000, deadRows: 251 }, { vacuum: true, analyze: false }],
    ['1,000 rows, 151 changed', { rows: 1000, modifiedSinceAnalyze: 151 }, { vacuum: false, analyze: true }],
    [
      '10,000 rows, 3,000 inserted',
      { rows: 10_000, insertedSinceVacuum: 3000 },
      { vacuum: false, analyze: false },
    ],
    [
      '10,000 rows, 3,001 inserted',
      { rows: 10_000, insertedSinceVacuum: 3001 },
      { vacuum: true, analyze: false },
    ],
    ['both past', { rows: 100, deadRows: 500, modifiedSinceAnalyze: 500 }, { vacuum: true, analyze: true }],
    [
      'a count of -1 (never vacuumed) counts as empty',
      { rows: -1, deadRows: 51 },
      { vacuum: true, analyze: false },
    ],
  ];
  for (const [name, counts, expected] of cases) {
    const { vacuum, analyze } = upkeepDue(table(counts));
    assert.deepEqual({ vacuum, analyze }, expected, name);
  }
  assert.ok(
    upkeepDue(table({ rows: 1000, deadRows: 750 })).urgency >
      upkeepDue(table({ rows: 1000, deadRows: 300 })).urgency,
    'further past its threshold, sooner',
  );
});

test('where no autovacuum runs, the minute upkeep vacuums and analyzes the tables that need it', async () => {
  const app = await startTestApp();
  try {
    const { database, db } = app.ctx;
    await db.execute(sql`create table upkeep_probe (id int primary key, n int not null)`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into upkeep_probe select g, 0 from generate_series(1, 200) g`);
      for (let i = 0; i < 3; i++) await tx.execute(sql`update upkeep_probe set n = n + 1`);
      // The counts reach the statistics as this transaction ends, not up to ten seconds later.
      await tx.execute(sql`select pg_stat_force_next_flush()`);
    });
    const reltuples = async () =>
      (
        await queryRows<{ n: number }>(
          db,
          sql`select reltuples::int as n from pg_class where oid = 'upkeep_probe'::regclass`,
        )
      )[0]?.n;
    assert.equal(await reltuples(), -1, 'never vacuumed nor analyzed yet');

    const withoutAutovacuum = !(database.kind === 'postgres' && (await autovacuumIsOn(db)));
    const done = await vacuumWhereDue(database, { limit: 100 });
    assert.equal(
      done.includes('public.upkeep_probe'),
      withoutAutovacuum,
      'left to autovacuum where it runs, done by the upkeep where it does not',
    );
    const forced = withoutAutovacuum
      ? done
      : await vacuumWhereDue(database, { limit: 100, evenWithAutovacuum: true });
    assert.ok(forced.includes('public.upkeep_probe'));
    assert.equal(await reltuples(), 200, 'vacuumed and analyzed: the planner knows its size');
    const [dead] = await queryRows<{ n: number }>(
      db,
      sql`select n_dead_tup::int as n from pg_stat_user_tables where relname = 'upkeep_probe'`,
    );
    assert.equal(dead?.n, 0, 'its dead rows are gone');
    assert.ok(
      !(await vacuumWhereDue(database, { limit: 100, evenWithAutovacuum: true })).includes(
        'public.upkeep_probe',
      ),
      'nothing more to do the next minute',
    );
  } finally {
    await app.close();
  }
});
