import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp } from '../../test/helpers/app.ts';
import { seedOrganizations } from '../../test/helpers/seed-scale.ts';
import { queryRows } from '../db/client.ts';
import { runSummaries } from './queries.ts';

test("an organization's runs for verification: each with its failed steps, in order", async () => {
  const app = await startTestApp();
  try {
    const { db } = app.ctx;
    await seedOrganizations(db, 3, 'not-a-real-hash');
    const [organization] = await queryRows<{ id: string }>(
      db,
      sql`select id from organizations order by short_name limit 1`,
    );
    assert.ok(organization);
    await db.execute(sql`update runs set state = 'failed'
      where organization_id = ${organization.id} and kind = 'provisioning'`);
    await db.execute(sql`update run_steps set status = 'failed'
      where key in ('invitations', 'admin-role')
        and run_id = (select id from runs where organization_id = ${organization.id} and kind = 'provisioning')`);

    const summaries = await runSummaries(db, organization.id);
    assert.deepEqual(
      summaries.sort((a, b) => a.kind.localeCompare(b.kind)),
      [
        { kind: 'provisioning', state: 'failed', failedSteps: ['admin-role', 'invitations'] },
        { kind: 'setup', state: 'succeeded', failedSteps: [] },
      ],
    );
    assert.deepEqual(await runSummaries(db, '00000000-0000-4000-8000-000000000000'), [], 'no runs, none');
  } finally {
    await app.close();
  }
});
