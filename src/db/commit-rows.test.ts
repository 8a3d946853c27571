import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp } from '../../test/helpers/app.ts';
import { explainAnalyze, rowsRead } from '../../test/helpers/plans.ts';
import { seedOrganizations } from '../../test/helpers/seed-scale.ts';
import { queryRows } from './client.ts';
import { committedRows } from './commit-hooks.ts';

test('a row written at commit is updated by its key, not by reading the whole table', async () => {
  const app = await startTestApp();
  try {
    const { db } = app.ctx;
    await seedOrganizations(db, 1000, 'not-a-real-hash');
    const [token] = await queryRows<{ id: string }>(db, sql`select id from activation_tokens limit 1`);
    assert.ok(token);
    const rows = sql`${JSON.stringify([{ id: token.id, at: '2026-12-07T12:00:00Z' }])}`;
    const update = (from: ReturnType<typeof sql>) =>
      explainAnalyze(db, sql`update activation_tokens t set used_at = r.at from ${from} where t.id = r.id`);

    const byKey = await update(committedRows(rows, sql`id uuid, at timestamptz`));
    assert.equal(rowsRead(byKey, 'activation_tokens'), 1, JSON.stringify(byKey, null, 1));
    // What the commit statements did before: json_to_recordset counts as 100 rows to the planner,
    // so it hashed every link to find one.
    const hashed = await update(sql`json_to_recordset(${rows}::json) as r(id uuid, at timestamptz)`);
    assert.ok(rowsRead(hashed, 'activation_tokens') >= 1000, JSON.stringify(hashed, null, 1));
  } finally {
    await app.close();
  }
});
