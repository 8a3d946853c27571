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
  type ServerProcess,
  staffClient,
  startServerProcess,
  testStaff,
} from './helpers/processes.ts';

const staff = testStaff;
const organizationsToActivate = 6;

type Scenario = { tokens: string[]; subscriptionIds: string[]; invitees: string[] };

/**
 * Activates several organizations on a server whose steps are slow, kills it with SIGKILL while
 * provisioning is half done, starts a fresh server on the same database, and waits until
 * every run is ready.
 */
async function killDuringProvisioning(
  env: Record<string, string>,
  cleanup: Cleanup,
): Promise<Scenario & { server: ServerProcess }> {
  const first = await startServerProcess({ ...env, ...staff, STEP_DELAY_MS: '400' });
  cleanup.push(async () => first.child.kill('SIGKILL'));
  const sales = await staffClient(first.url);

  const scenario: Scenario = { tokens: [], subscriptionIds: [], invitees: [] };
  for (let i = 0; i < organizationsToActivate; i++) {
    const body = subscriptionBody({ company: `Crash Co ${i}` });
    const created = await sales.call('POST', '/api/v1/subscriptions', body);
    assert.equal(created.status, 201);
    scenario.subscriptionIds.push(created.json.id);
    scenario.tokens.push(await activationTokenFromMailbox(sales, body.contact.email));
  }
  const activations = await Promise.all(
    scenario.tokens.map((token, i) => {
      const invitees = [`crash-${i}-a@customer.test`, `crash-${i}-b@customer.test`];
      scenario.invitees.push(...invitees);
      return client(first.url).call(
        'POST',
        `/api/v1/activations/${token}`,
        activationBody({
          companyName: `Crash Co ${i}`,
          invitations: invitees.map((email) => ({ email, role: 'user' })),
        }),
      );
    }),
  );
  assert.deepEqual(
    activations.map((a) => a.status),
    Array(organizationsToActivate).fill(202),
  );

  // Wait until provisioning is under way but not finished, then pull the plug.
  for (let attempt = 0; ; attempt++) {
    const states = await Promise.all(
      scenario.tokens.map(
        async (token) => (await sales.call('GET', `/api/v1/activations/${token}/progress`)).json,
      ),
    );
    const done = states.flatMap((s) => s.steps).filter((s: { status: string }) => s.status === 'done').length;
    if (done >= 2) {
      assert.ok(
        states.some((s) => s.state !== 'ready'),
        'some runs are still in progress when the process dies',
      );
      break;
    }
    assert.ok(attempt < 200, 'provisioning starts');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await startServerProcess({ ...env, ...staff });
  cleanup.push(second.stop);
  const reader = client(second.url);
  for (const token of scenario.tokens) {
    for (let attempt = 0; ; attempt++) {
      const progress = (await reader.call('GET', `/api/v1/activations/${token}/progress`)).json;
      if (progress.state === 'ready') break;
      assert.notEqual(progress.state, 'failed', JSON.stringify(progress));
      assert.ok(attempt < 300, `run resumes and finishes: ${JSON.stringify(progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { ...scenario, server: second };
}

/** What every backend must show afterwards: one organization each, each invitation emailed once. */
async function assertExactlyOnceThroughTheApi(scenario: Scenario & { server: ServerProcess }) {
  const ops = await staffClient(scenario.server.url);
  for (const id of scenario.subscriptionIds) {
    const detail = (await ops.call('GET', `/api/v1/subscriptions/${id}`)).json;
    assert.equal(detail.status, 'activated');
    assert.equal(detail.organization.state, 'active');
    const invitations = detail.emails.filter((e: { template: string }) => e.template === 'invitation');
    assert.equal(invitations.length, 2, 'each invitation is queued once');
  }
  // Give a duplicate delivery every chance to appear.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const mailbox = (await ops.call('GET', '/api/v1/dev/mailbox?limit=500')).json as { to: string }[];
  for (const invitee of scenario.invitees) {
    assert.equal(mailbox.filter((m) => m.to === invitee).length, 1, `${invitee} gets exactly one invitation`);
  }
}

describe('a process killed in the middle of provisioning', () => {
  const cleanup = cleanUpAfterSuite();

  test('on PostgreSQL: the restarted process finishes every run exactly once', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    const scenario = await killDuringProvisioning({ DATABASE_URL: database.url }, cleanup);
    await assertExactlyOnceThroughTheApi(scenario);

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query(`select
        (select count(*)::int from organizations) as organizations,
        (select count(*)::int from customer_users) as users,
        (select count(*)::int from invitations) as invitations,
        (select count(*)::int from divisions) as divisions,
        (select count(*)::int from sites) as sites,
        (select count(*)::int from role_grants) as grants,
        (select count(*)::int from runs where state = 'succeeded') as runs,
        (select count(*)::int from run_steps where status <> 'done') as unfinished_steps,
        (select count(*)::int from email_outbox where template = 'invitation') as invitation_emails,
        (select count(*)::int from audit_events where action = 'organization.activated') as activated_events,
        (select count(*)::int from audit_events where action = 'provisioning.succeeded') as succeeded_events`);
      const n = organizationsToActivate;
      assert.deepEqual(rows[0], {
        organizations: n,
        users: n,
        invitations: 2 * n,
        divisions: n,
        sites: n,
        grants: n,
        runs: n,
        unfinished_steps: 0,
        invitation_emails: 2 * n,
        activated_events: n,
        succeeded_events: n,
      });
      const retried = await db.query(`select count(*)::int as n from run_steps where attempts > 1`);
      assert.ok(retried.rows[0].n >= 1, 'at least one step was interrupted and attempted again');
    } finally {
      await db.end();
    }
  });

  test('on the embedded database: the restarted process finishes every run exactly once', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'onramp-crash-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const scenario = await killDuringProvisioning({ DATA_DIR: dataDir }, cleanup);
    await assertExactlyOnceThroughTheApi(scenario);
  });
});
