import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { seedActivation, waitForProvisioning } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';

describe('runs: failing steps', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
  });

  test('a step that fails a few times is retried and the run still finishes once', async () => {
    const failures = new Map<string, number>();
    const app = await startTestApp({
      runPolicy: {
        beforeStep(_kind, key, attempt) {
          if (key === 'admin-role' && attempt <= 2) {
            failures.set(key, attempt);
            throw new Error(`transient failure ${attempt}`);
          }
        },
      },
    });
    apps.push(app);
    const activated = await seedActivation(app);
    const progress = (
      await app.request({ method: 'GET', url: `/api/v1/activations/${activated.token}/progress` })
    ).json();
    assert.equal(progress.state, 'ready');
    const step = progress.steps.find((s: { key: string }) => s.key === 'admin-role');
    assert.equal(step.attempts, 3);
    assert.equal(failures.get('admin-role'), 2);
    const grants = await rows(
      app,
      sql`select count(*)::int as n from role_grants where organization_id = ${activated.organizationId}`,
    );
    assert.deepEqual(grants, [{ n: 1 }]);
  });

  test('a step that keeps failing marks the run failed, with the step and an error reference', async () => {
    const logLines: string[] = [];
    const app = await startTestApp({
      logLines,
      runPolicy: {
        maxAttempts: 3,
        beforeStep(_kind, key) {
          if (key === 'invitations') throw new Error('mail system exploded');
        },
      },
    });
    apps.push(app);
    const activated = await seedActivation(app, {
      activation: { invitations: [{ email: 'never@customer.test', role: 'user' }] },
      wait: false,
    });
    await waitForProvisioning(app, activated.token, 'failed');
    const progress = (
      await app.request({ method: 'GET', url: `/api/v1/activations/${activated.token}/progress` })
    ).json();
    assert.equal(progress.state, 'failed');
    assert.equal(progress.error.step, 'invitations');
    assert.match(progress.error.reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.deepEqual(
      progress.steps.map((s: { key: string; status: string; attempts: number }) => [
        s.key,
        s.status,
        s.attempts,
      ]),
      [
        ['organization-defaults', 'done', 1],
        ['admin-role', 'done', 1],
        ['invitations', 'failed', 3],
        ['activate-organization', 'pending', 0],
      ],
    );
    assert.ok(
      logLines.some(
        (line) => line.includes(progress.error.reference) && line.includes('mail system exploded'),
      ),
    );
    const [organization] = await rows(
      app,
      sql`select state from organizations where id = ${activated.organizationId}`,
    );
    assert.deepEqual(organization, { state: 'provisioning' });
    const audit = await rows(
      app,
      sql`select data from audit_events where organization_id = ${activated.organizationId} and action = 'provisioning.failed'`,
    );
    assert.deepEqual(audit, [{ data: { step: 'invitations', reference: progress.error.reference } }]);
    assert.deepEqual(await app.mailbox('never@customer.test'), []);
  });
});

describe('runs: worked at once where they start', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
  });

  const advanceJobs = (app: TestApp, organizationId: string) =>
    rows<{ delayed: boolean }>(
      app,
      sql`select j.start_after > j.created_on + interval '20 seconds' as delayed
          from pgboss.job j join runs r on j.data->>'runId' = r.id::text
          where j.name = 'run-advance' and r.organization_id = ${organizationId} and r.kind = 'provisioning'
          order by j.created_on`,
    );

  test('an activation provisions in its own process at once; the queued advance is a delayed safety net', async () => {
    const app = await startTestApp();
    apps.push(app);
    const activated = await seedActivation(app);
    assert.deepEqual(await advanceJobs(app, activated.organizationId), [{ delayed: true }]);
  });

  test('with no room to work it now, the run is queued for any worker at once', async () => {
    const app = await startTestApp({ eagerRuns: 0 });
    apps.push(app);
    const activated = await seedActivation(app);
    assert.deepEqual(await advanceJobs(app, activated.organizationId), [
      { delayed: true },
      { delayed: false },
    ]);
  });
});

describe('runs: progress stream', () => {
  test('Server-Sent Events carry each change and end at ready', async () => {
    const app = await startTestApp({
      runPolicy: { beforeStep: () => new Promise((resolve) => setTimeout(resolve, 150)) },
    });
    try {
      const base = await app.listen();
      const activated = await seedActivation(app, { wait: false });
      const response = await fetch(`${base}/api/v1/activations/${activated.token}/progress/stream`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
      const text = await response.text();
      const events = text
        .split('\n\n')
        .filter((chunk) => chunk.startsWith('event: progress'))
        .map((chunk) => JSON.parse(chunk.split('\ndata: ')[1] ?? '{}'));
      assert.ok(events.length >= 3, `several updates (${events.length})`);
      assert.equal(events.at(-1).state, 'ready');
      assert.ok(events.some((e) => e.steps.some((s: { status: string }) => s.status === 'running')));

      const invalid = await fetch(`${base}/api/v1/activations/${'x'.repeat(43)}/progress/stream`);
      assert.equal(invalid.status, 404);
      assert.equal((await invalid.json()).error.code, 'ACTIVATION_LINK_INVALID');
    } finally {
      await app.close();
    }
  });

  test('closing the app ends open streams instead of waiting for them', async () => {
    const app = await startTestApp({
      runPolicy: { beforeStep: () => new Promise((resolve) => setTimeout(resolve, 1500)) },
    });
    const base = await app.listen();
    const activated = await seedActivation(app, { wait: false });
    const response = await fetch(`${base}/api/v1/activations/${activated.token}/progress/stream`);
    const reading = response.text();
    await waitFor(() => true, 'stream open');
    const started = Date.now();
    await app.runtime.app.close();
    const text = await reading;
    assert.ok(Date.now() - started < 1000, 'the stream ended at once, before provisioning did');
    assert.match(text, /event: progress/);
    await app.close();
  });
});
