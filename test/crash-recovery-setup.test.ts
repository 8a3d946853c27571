import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { type Cleanup, cleanUpAfterSuite } from './helpers/cleanup.ts';
import { createPostgresDatabase, requirePostgres } from './helpers/databases.ts';
import { activationBody, subscriptionBody } from './helpers/factories.ts';
import {
  activationTokenFromMailbox,
  client,
  staffClient,
  startServerProcess,
  testStaff,
} from './helpers/processes.ts';

const staff = testStaff;

/**
 * Setup after a kill: several admins sign in (starting setup), the process dies halfway, and a
 * fresh one finishes every setup exactly once.
 */
async function killDuringSetup(env: Record<string, string>, cleanup: Cleanup) {
  const first = await startServerProcess({
    ...env,
    ...staff,
    STEP_DELAY_MS: '400',
    STEP_DELAY_KIND: 'setup',
  });
  cleanup.push(async () => first.child.kill('SIGKILL'));
  const sales = await staffClient(first.url);
  const admins: { email: string; token: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const body = subscriptionBody({
      company: `Setup Crash ${i}`,
      kind: 'paid',
      trialDays: undefined,
      currency: 'USD',
      ratePlan: 'monthly',
      products: [
        { sku: 'cx-3', quantity: 10 + i },
        { sku: 'wem-addon', quantity: 5 },
      ],
    });
    assert.equal((await sales.call('POST', '/api/v1/subscriptions', body)).status, 201);
    const token = await activationTokenFromMailbox(sales, body.contact.email);
    const activation = activationBody({ companyName: `Setup Crash ${i}` });
    assert.equal(
      (await client(first.url).call('POST', `/api/v1/activations/${token}`, activation)).status,
      202,
    );
    admins.push({ email: activation.admin.email, token });
  }
  for (const admin of admins) {
    for (let attempt = 0; ; attempt++) {
      if ((await sales.call('GET', `/api/v1/activations/${admin.token}/progress`)).json.state === 'ready')
        break;
      assert.ok(attempt < 200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const login = await client(first.url).call('POST', '/api/v1/sessions', {
      email: admin.email,
      password: activationBody().admin.password,
    });
    assert.equal(login.status, 201);
  }
  // Let the first setup steps finish, then kill.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await startServerProcess({ ...env, ...staff });
  cleanup.push(second.stop);
  for (const admin of admins) {
    const session = client(second.url);
    assert.equal(
      (
        await session.call('POST', '/api/v1/sessions', {
          email: admin.email,
          password: activationBody().admin.password,
        })
      ).status,
      201,
    );
    for (let attempt = 0; ; attempt++) {
      const setup = (await session.call('GET', '/api/v1/organization/setup')).json;
      if (setup.state === 'done') break;
      assert.notEqual(setup.state, 'failed', JSON.stringify(setup));
      assert.ok(attempt < 300, JSON.stringify(setup));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const overview = (await session.call('GET', '/api/v1/organization')).json;
    assert.equal(overview.billing.kind, 'paid');
    assert.equal(overview.billing.quantities.length, 2);
    assert.ok(
      overview.products.every((p: { features: { enabled: boolean }[] }) =>
        p.features.every((f) => f.enabled),
      ),
    );
  }
  return second;
}

describe('a process killed in the middle of setup', () => {
  const cleanup = cleanUpAfterSuite();

  test('on PostgreSQL: the restarted process finishes every setup exactly once', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    await killDuringSetup({ DATABASE_URL: database.url }, cleanup);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query(`select
        (select count(*)::int from billing_accounts) as billing_accounts,
        (select count(*)::int from billing_quantities) as quantities,
        (select count(distinct organization_id)::int from organization_features) as organizations_with_features,
        (select count(*)::int from runs where kind = 'setup' and state = 'succeeded') as setups,
        (select count(*)::int from organizations where setup = 'done') as done,
        (select count(*)::int from audit_events where action = 'setup.succeeded') as succeeded_events,
        (select count(*)::int from run_steps s join runs r on r.id = s.run_id where r.kind = 'setup' and s.attempts > 1) as retried_steps`);
      assert.deepEqual(
        { ...rows[0], retried_steps: undefined },
        {
          billing_accounts: 4,
          quantities: 8,
          organizations_with_features: 4,
          setups: 4,
          done: 4,
          succeeded_events: 4,
          retried_steps: undefined,
        },
      );
      assert.ok(rows[0].retried_steps >= 1, 'a setup step was interrupted and attempted again');
    } finally {
      await db.end();
    }
  });

  test('on the embedded database: the restarted process finishes every setup', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'onramp-setup-crash-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    await killDuringSetup({ DATA_DIR: dataDir }, cleanup);
  });
});
