import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { activationBody, seedActivation, seedSubscription } from '../../test/helpers/factories.ts';
import { notingSetupRun } from '../../test/helpers/noting-run.ts';
import { rows } from '../../test/helpers/sql.ts';
import type { ActivationInput } from '../activation/schemas.ts';
import { activateOrganization } from '../activation/service.ts';
import type { AppContext } from '../context.ts';
import { findRun } from './queries.ts';
import { InlineRunFailed, startRun, workRunNow } from './start.ts';

describe('runs: worked inline, in the transaction that starts them', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const app of apps) await app.close();
  });

  /** A context whose setup run has internal steps a, b, c; `fails(key, call)` makes a call throw. */
  async function setupRunContext(app: TestApp, fails: (key: string, call: number) => boolean) {
    const activated = await seedActivation(app);
    const { definition, effects } = await notingSetupRun(app, activated.organizationId, fails);
    const ctx: AppContext = { ...app.ctx, runs: { ...app.ctx.runs, setup: definition } };
    const organizationId = activated.organizationId;
    const state = async () => {
      const found = await findRun(app.ctx.db, organizationId, 'setup');
      const jobs = await rows<{ n: number }>(
        app,
        sql`select count(*)::int as n from pgboss.job where name = 'run-advance' and data->>'runId' = ${found?.run.id ?? ''}`,
      );
      return {
        state: found?.run.state,
        steps: found?.steps.map((s) => [s.key, s.status, s.attempts]),
        effects: await effects(),
        advanceJobs: jobs[0]?.n ?? 0,
      };
    };
    const start = (options: { inline?: boolean } = {}) =>
      app.ctx.db.transaction((tx) =>
        startRun(
          tx,
          ctx,
          organizationId,
          'setup',
          { region: 'us-east-1', skus: [] },
          { eager: true, ...options },
        ),
      );
    return { ctx, state, start };
  }

  test('the run commits finished with the transaction that started it, and queues nothing', async () => {
    const app = await startTestApp();
    apps.push(app);
    const { start, state } = await setupRunContext(app, () => false);
    const started = await start();
    assert.equal(started?.finished, true);
    assert.deepEqual(await state(), {
      state: 'succeeded',
      steps: [
        ['a', 'done', 1],
        ['b', 'done', 1],
        ['c', 'done', 1],
      ],
      effects: { a: 1, b: 1, c: 1 },
      advanceJobs: 0,
    });
  });

  test('a step failing inline rolls the whole transaction back; started without inline, the run is worked at once', async () => {
    const app = await startTestApp();
    apps.push(app);
    const { ctx, start, state } = await setupRunContext(app, (key, call) => key === 'b' && call === 1);
    await assert.rejects(start(), InlineRunFailed);
    assert.deepEqual(await state(), { state: undefined, steps: undefined, effects: {}, advanceJobs: 0 });

    const started = await start({ inline: false });
    assert.ok(started && !started.finished && started.claimed?.key === 'a');
    workRunNow(ctx, started);
    await waitFor(async () => (await state()).state === 'succeeded', 'run worked at once');
    // Its safety net is deleted once the run is done.
    await waitFor(async () => (await state()).advanceJobs === 0, 'safety net deleted');
    assert.deepEqual((await state()).steps, [
      ['a', 'done', 1],
      ['b', 'done', 1],
      ['c', 'done', 1],
    ]);
    assert.deepEqual((await state()).effects, { a: 1, b: 1, c: 1 });
  });

  test('a web process (no workers) works provisioning inline too: active when the activation answers, nothing queued', async () => {
    const app = await startTestApp();
    apps.push(app);
    const seeded = await seedSubscription(app);
    // The context of a process that runs no workers (ONRAMP_ROLE=web).
    const web: AppContext = { ...app.ctx, eagerRuns: undefined };
    const activated = await activateOrganization(web, seeded.token, activationBody() as ActivationInput, {
      actor: { type: 'anonymous' },
    });
    // Worked in the transaction that created the organization, provisioning's writes went with its commit.
    await assertProvisioned(app, activated.organizationId);
    const found = await findRun(app.ctx.db, activated.organizationId, 'provisioning');
    assert.equal(found?.run.state, 'succeeded');
    assert.deepEqual(
      found?.steps.map((s) => [s.status, s.attempts]),
      found?.steps.map(() => ['done', 1]),
    );
    const jobs = await rows<{ n: number }>(
      app,
      sql`select count(*)::int as n from pgboss.job where name = 'run-advance' and data->>'runId' = ${found?.run.id ?? ''}`,
    );
    assert.deepEqual(jobs, [{ n: 0 }]);
  });

  test('an activation whose provisioning fails inline still activates, and provisioning finishes in the background', async () => {
    const app = await startTestApp();
    apps.push(app);
    const provisioning = app.ctx.runs.provisioning;
    let failed = 0;
    app.ctx.runs.provisioning = {
      ...provisioning,
      steps: provisioning.steps.map((step, i) =>
        i === 0 && 'run' in step
          ? {
              ...step,
              async run(tx, ctx, run) {
                if (failed++ === 0) throw new Error('the first try fails');
                return step.run(tx, ctx, run);
              },
            }
          : step,
      ),
    };
    const activated = await seedActivation(app, {
      activation: { invitations: [{ email: 'fallback@customer.test', role: 'user' }] },
    });
    assert.equal(failed, 2, 'failed inline once, then worked in the background');
    await assertProvisioned(app, activated.organizationId);
    const found = await findRun(app.ctx.db, activated.organizationId, 'provisioning');
    assert.deepEqual(
      found?.steps.map((s) => [s.status, s.attempts]),
      found?.steps.map(() => ['done', 1]),
    );
    assert.equal((await app.waitForMail('fallback@customer.test', /invited you/)).length, 1);
  });
});

/** The organization is active, with its default site and its admin granted the default division. */
async function assertProvisioned(app: TestApp, organizationId: string) {
  const organizations = await rows(
    app,
    sql`select o.state, o.activated_at is not null as activated,
               (select count(*)::int from sites s where s.organization_id = o.id and s.is_default) as sites,
               (select count(*)::int from role_grants g join divisions d on d.id = g.division_id and d.is_default
                 join customer_users u on u.id = g.user_id and u.role = 'admin'
                 where g.organization_id = o.id and d.organization_id = o.id) as admin_grants
        from organizations o where o.id = ${organizationId}`,
  );
  assert.deepEqual(organizations, [{ state: 'active', activated: true, sites: 1, admin_grants: 1 }]);
}
