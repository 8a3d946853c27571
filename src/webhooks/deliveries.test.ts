import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import {
  emptyWebhookTables,
  fromNow,
  insertDelivery,
  insertEndpoint,
  insertManyDeliveries,
} from '../../test/helpers/deliveries.ts';
import { explainAnalyzed, explainGeneric, rowsRead } from '../../test/helpers/plans.ts';
import { rows } from '../../test/helpers/sql.ts';
import { settleAttempt } from '../events/queries.ts';
import { deliveriesOf, deliveryCounts, requeueDelivery } from './queries.ts';

describe("an endpoint's deliveries, counted and listed", () => {
  let app: TestApp;
  before(async () => {
    // No workers: nothing but the test claims or settles.
    app = await startTestApp({ workers: false });
  });
  beforeEach(() => emptyWebhookTables(app));
  after(() => app.close());

  /** The counts as the deliveries themselves stand, for comparison with the kept ones. */
  async function recounted(endpointId: string) {
    const [row] = await rows<{
      pending: number;
      succeeded: number;
      failed: number;
      last: Date | string | null;
    }>(
      app,
      sql`select count(*) filter (where status in ('pending', 'delivering'))::int as pending,
                 count(*) filter (where status = 'succeeded')::int as succeeded,
                 count(*) filter (where status = 'failed')::int as failed,
                 max(last_attempt_at) as last
          from webhook_deliveries where endpoint_id = ${endpointId}::uuid`,
    );
    return {
      endpointId,
      pending: row?.pending ?? 0,
      succeeded: row?.succeeded ?? 0,
      failed: row?.failed ?? 0,
      lastAttemptAt: row?.last ? new Date(row.last) : null,
    };
  }

  async function assertCounts(
    endpointId: string,
    expected: { pending: number; succeeded: number; failed: number },
  ) {
    const [kept] = await deliveryCounts(app.ctx.db, endpointId);
    assert.deepEqual(kept, await recounted(endpointId));
    assert.deepEqual({ pending: kept?.pending, succeeded: kept?.succeeded, failed: kept?.failed }, expected);
  }

  /** An attempt under way at `endpointId`, as a claim leaves it; its id. */
  async function underWay(endpointId: string, key: string) {
    const id = await insertDelivery(app, endpointId, key, {
      status: 'delivering',
      leasedForMs: 60_000,
      attempts: 1,
    });
    await rows(
      app,
      sql`update webhook_deliveries set last_attempt_at = ${fromNow(0)}::timestamptz where id = ${id}::uuid`,
    );
    return id;
  }
  const settle = (id: string, status: 'succeeded' | 'failed' | 'pending', attempt = 1) =>
    settleAttempt(app.ctx.db, id, attempt, { status, nextAttemptAt: new Date() });
  const retry = (id: string, status: 'succeeded' | 'failed') =>
    app.ctx.db.transaction((tx) => requeueDelivery(tx, { id, status }, new Date()));

  test('follow each delivery as it settles, is sent again and settles again', async () => {
    const e = await insertEndpoint(app);
    const other = await insertEndpoint(app);
    const a = await underWay(e, 'org-a');
    const b = await underWay(e, 'org-b');
    const c = await underWay(e, 'org-c');
    await insertDelivery(app, e, 'org-d');
    await underWay(other, 'org-a');
    await assertCounts(e, { pending: 4, succeeded: 0, failed: 0 });

    assert.equal(await settle(a, 'succeeded'), true);
    assert.equal(await settle(b, 'failed'), true);
    // A failed attempt that will be tried again still waits.
    assert.equal(await settle(c, 'pending'), true);
    await assertCounts(e, { pending: 2, succeeded: 1, failed: 1 });
    // An attempt that no longer holds its delivery changes nothing.
    assert.equal(await settle(a, 'failed'), false);
    assert.equal(await settle(b, 'succeeded', 2), false);
    await assertCounts(e, { pending: 2, succeeded: 1, failed: 1 });

    await retry(a, 'succeeded');
    await retry(b, 'failed');
    await assertCounts(e, { pending: 4, succeeded: 0, failed: 0 });
    await rows(
      app,
      sql`update webhook_deliveries set status = 'delivering', attempts = attempts + 1 where id in (${a}::uuid, ${b}::uuid)`,
    );
    assert.equal(await settle(a, 'succeeded', 2), true);
    assert.equal(await settle(b, 'succeeded', 2), true);
    await assertCounts(e, { pending: 2, succeeded: 2, failed: 0 });
    // The other endpoint's attempt is its own.
    await assertCounts(other, { pending: 1, succeeded: 0, failed: 0 });
    const listed = await deliveryCounts(app.ctx.db);
    assert.deepEqual(listed.map((counts) => counts.endpointId).sort(), [e, other].sort());
    assert.deepEqual(
      listed.find((counts) => counts.endpointId === e),
      (await deliveryCounts(app.ctx.db, e))[0],
    );
  });

  test('attempts settling at once are each counted once', async () => {
    const e = await insertEndpoint(app);
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => underWay(e, `org-${i}`)));
    const settled = await Promise.all(ids.map((id, i) => settle(id, i % 4 === 0 ? 'failed' : 'succeeded')));
    assert.ok(settled.every(Boolean));
    await assertCounts(e, { pending: 0, succeeded: 30, failed: 10 });
  });

  test('counting reads the backlog and the tallies, not the history', async () => {
    const e = await insertEndpoint(app);
    await insertManyDeliveries(app, e, 'history', 6000, { status: 'succeeded', dueAt: fromNow(-60_000) });
    await rows(
      app,
      sql`insert into webhook_delivery_tallies (endpoint_id, slot, succeeded) values (${e}::uuid, 0, 6000)`,
    );
    await insertManyDeliveries(app, e, 'backlog', 30, { status: 'pending', dueAt: fromNow(-1000) });
    await rows(app, sql`analyze webhook_deliveries`);
    await assertCounts(e, { pending: 30, succeeded: 6000, failed: 0 });

    for (const endpointId of [undefined, e]) {
      const [plan, ...more] = await explainAnalyzed(app.ctx.db, (explaining) =>
        deliveryCounts(explaining, endpointId),
      );
      assert.ok(plan && more.length === 0, 'one statement');
      const read = rowsRead(plan, 'webhook_deliveries');
      assert.ok(read >= 30 && read < 100, `counting read ${read} deliveries of 6,030, 30 of them waiting`);
    }
  });

  test('a page of failed or waiting deliveries reads that page, not the history', async () => {
    const e = await insertEndpoint(app);
    // A few failed and a few waiting long ago, then 6,000 delivered since.
    await insertManyDeliveries(app, e, 'failed', 5, { status: 'failed', dueAt: fromNow(-60_000) });
    await insertManyDeliveries(app, e, 'waiting', 30, { status: 'pending', dueAt: fromNow(60_000) });
    await insertManyDeliveries(app, e, 'delivered', 6000, { status: 'succeeded', dueAt: fromNow(-60_000) });
    await rows(app, sql`analyze webhook_deliveries`);
    for (const [status, found] of [
      ['failed', 5],
      ['pending', 25],
      ['succeeded', 25],
    ] as const) {
      const page = await deliveriesOf(app.ctx.db, e, { status, limit: 24 });
      assert.equal(page.length, found);
      assert.ok(page.every(({ delivery }) => delivery.status === status));
      const plan = await explainGeneric(
        app.ctx.db,
        deliveriesOf(app.ctx.db, e, { status, limit: 24 }).toSQL(),
      );
      const read = rowsRead(plan, 'webhook_deliveries');
      assert.ok(read <= 2 * found, `a page of ${status} deliveries read ${read} of 6,035`);
    }
  });
});
