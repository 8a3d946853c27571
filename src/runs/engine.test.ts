import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { seedActivation, waitForProvisioning } from '../../test/helpers/factories.ts';
import { notingSetupRun } from '../../test/helpers/noting-run.ts';
import { rows } from '../../test/helpers/sql.ts';
import type { AppContext } from '../context.ts';
import { advanceRun } from './engine.ts';
import { findRun, insertRun } from './queries.ts';

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

describe('runs: consecutive internal steps in one transaction', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
  });

  /**
   * A setup run of steps a, b, c (internal), each noting in a table that it ran; `fails(key, call)`
   * says whether the step's `call`-th call throws. The run is inserted without a job, so only
   * the `advanceRun` of the test works it.
   */
  async function stretchRun(app: TestApp, fails: (key: string, call: number) => boolean, maxAttempts = 1) {
    const activated = await seedActivation(app);
    const { definition, calls, effects } = await notingSetupRun(app, activated.organizationId, fails);
    const ctx: AppContext = {
      ...app.ctx,
      runs: { ...app.ctx.runs, setup: definition },
      runPolicy: { ...app.ctx.runPolicy, maxAttempts },
    };
    const run = await insertRun(app.ctx.db, activated.organizationId, 'setup', ['a', 'b', 'c'], new Date());
    assert.ok(run);
    await advanceRun(ctx, run.run.id);
    const found = await findRun(app.ctx.db, activated.organizationId, 'setup');
    return {
      state: found?.run.state,
      steps: found?.steps.map((s) => [s.key, s.status, s.attempts]),
      finishedAt: new Set(found?.steps.map((s) => s.finishedAt?.getTime())),
      effects: await effects(),
      calls: Object.fromEntries(calls),
    };
  }

  test('they run in one stretch: each done once, one attempt each', async () => {
    const app = await startTestApp();
    apps.push(app);
    const result = await stretchRun(app, () => false);
    assert.equal(result.state, 'succeeded');
    assert.deepEqual(result.steps, [
      ['a', 'done', 1],
      ['b', 'done', 1],
      ['c', 'done', 1],
    ]);
    assert.deepEqual(result.effects, { a: 1, b: 1, c: 1 });
    assert.deepEqual(result.calls, { a: 1, b: 1, c: 1 });
    assert.equal(result.finishedAt.size, 1, 'all three marked done by the one statement of one transaction');
  });

  test('a step failing within a stretch rolls it back; worked one by one, the steps before it stay done', async () => {
    const app = await startTestApp();
    apps.push(app);
    // b fails once: the stretch a+b+c rolls back, then a, b and c run one transaction each.
    const once = await stretchRun(app, (key, call) => key === 'b' && call === 1);
    assert.equal(once.state, 'succeeded');
    assert.deepEqual(once.steps, [
      ['a', 'done', 1],
      ['b', 'done', 1],
      ['c', 'done', 1],
    ]);
    assert.deepEqual(once.effects, { a: 1, b: 1, c: 1 }, 'what the rolled-back stretch wrote is gone');
    assert.deepEqual(once.calls, { a: 2, b: 2, c: 1 });

    // b always fails: a stays done, b fails on its own attempt, c is never started.
    const always = await stretchRun(app, (key) => key === 'b');
    assert.equal(always.state, 'failed');
    assert.deepEqual(always.steps, [
      ['a', 'done', 1],
      ['b', 'failed', 1],
      ['c', 'pending', 0],
    ]);
    assert.deepEqual(always.effects, { a: 1 });
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

  test('an activation provisions in its own process at once; the queued advance is a delayed safety net, deleted once the run is done', async () => {
    // Slow steps, so the safety net can be seen while the run is worked.
    const app = await startTestApp({
      runPolicy: { beforeStep: () => new Promise((resolve) => setTimeout(resolve, 300)) },
    });
    apps.push(app);
    const activated = await seedActivation(app, { wait: false });
    assert.deepEqual(await advanceJobs(app, activated.organizationId), [{ delayed: true }]);
    await waitForProvisioning(app, activated.token);
    await waitFor(
      async () => (await advanceJobs(app, activated.organizationId)).length === 0,
      'safety net deleted',
    );
    // The first step was claimed with the run itself: every step took exactly one attempt.
    const found = await findRun(app.ctx.db, activated.organizationId, 'provisioning');
    assert.deepEqual(
      found?.steps.map((s) => [s.status, s.attempts]),
      found?.steps.map(() => ['done', 1]),
    );
  });

  test('with no room to work it now, the run is queued for any worker at once', async () => {
    const app = await startTestApp({ eagerRuns: 0 });
    apps.push(app);
    const activated = await seedActivation(app);
    assert.deepEqual(await advanceJobs(app, activated.organizationId), [{ delayed: false }]);
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
