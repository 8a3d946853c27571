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
import { deleteSettledDeliveries, deliveriesOf, deliveryCounts, requeueDelivery } from './queries.ts';
import { pruneDeliveryLog } from './service.ts';

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

  describe('retention: deliveries that ended leave the log once their days are up', () => {
    const day = 24 * 3600_000;
    const daysAgo = (days: number) => fromNow(-days * day);
    let days: number;
    before(() => {
      days = app.ctx.config.webhooks.retentionDays;
    });

    /** The tallies as the deliveries stand, as the settles would have left them. */
    const tallyAsTheyStand = () =>
      rows(
        app,
        sql`insert into webhook_delivery_tallies (endpoint_id, slot, succeeded, failed, last_attempt_at)
            select endpoint_id, 0, count(*) filter (where status = 'succeeded'),
                   count(*) filter (where status = 'failed'), max(last_attempt_at)
            from webhook_deliveries where status in ('succeeded', 'failed') group by endpoint_id`,
      );
    /**
     * The counts equal a recount of the log as it stands. (The endpoint's last attempt is the last
     * one made, even once its delivery left the log.)
     */
    async function assertKeptCounts(
      endpointId: string,
      expected: { pending: number; succeeded: number; failed: number },
    ) {
      const [kept] = await deliveryCounts(app.ctx.db, endpointId);
      const { lastAttemptAt: _, ...recount } = await recounted(endpointId);
      assert.deepEqual(
        { endpointId, pending: kept?.pending, succeeded: kept?.succeeded, failed: kept?.failed },
        recount,
      );
      assert.deepEqual(
        { pending: kept?.pending, succeeded: kept?.succeeded, failed: kept?.failed },
        expected,
      );
    }
    /** `count` deliveries in `status`, last tried (and due) at `at`. */
    const lastTriedAt = (at: string, endpointId: string, prefix: string, count: number, status: string) =>
      insertManyDeliveries(app, endpointId, prefix, count, { status, dueAt: at, lastAttemptAt: at });
    const left = async (prefix: string) =>
      (
        await rows<{ n: number }>(
          app,
          sql`select count(*)::int as n from webhook_deliveries where event_id like ${`${prefix}-%`}`,
        )
      )[0]?.n;

    test('oldest first, a bounded number per call, waiting ones kept however old, counts kept true', async () => {
      const e = await insertEndpoint(app);
      const oldest = daysAgo(days + 5);
      const old = daysAgo(days + 1);
      const recent = daysAgo(days - 1);
      await lastTriedAt(oldest, e, 'oldest', 25, 'succeeded');
      await lastTriedAt(old, e, 'old', 5, 'failed');
      await lastTriedAt(recent, e, 'recent', 10, 'succeeded');
      // Waiting for an endpoint that was disabled long ago: still owed, so never removed.
      await lastTriedAt(oldest, e, 'owing', 3, 'pending');
      const held = await insertDelivery(app, e, 'org-held', {
        status: 'delivering',
        leasedForMs: -day,
        attempts: 3,
      });
      await rows(
        app,
        sql`update webhook_deliveries set last_attempt_at = ${oldest}::timestamptz where id = ${held}::uuid`,
      );
      await tallyAsTheyStand();
      await assertKeptCounts(e, { pending: 4, succeeded: 35, failed: 5 });

      // Three batches of four: twelve of the oldest, nothing newer.
      assert.equal(await pruneDeliveryLog(app.ctx, { batch: 4, batches: 3 }), 12);
      assert.deepEqual([await left('oldest'), await left('old')], [13, 5]);
      await assertKeptCounts(e, { pending: 4, succeeded: 23, failed: 5 });
      // The next call goes on where this one stopped, and stops when nothing is due.
      assert.equal(await pruneDeliveryLog(app.ctx, { batch: 4, batches: 100 }), 18);
      assert.equal(await pruneDeliveryLog(app.ctx), 0);
      assert.deepEqual(
        [await left('oldest'), await left('old'), await left('recent'), await left('owing')],
        [0, 0, 10, 3],
      );
      await assertKeptCounts(e, { pending: 4, succeeded: 10, failed: 0 });

      // Two days on, the recent ones are past their days too; the waiting ones still stay.
      app.clock.offsetMs = 2 * day;
      try {
        assert.equal(await pruneDeliveryLog(app.ctx), 10);
      } finally {
        app.clock.offsetMs = 0;
      }
      // The endpoint's last attempt stays the last one made, though its delivery left the log.
      const [counts] = await deliveryCounts(app.ctx.db, e);
      assert.deepEqual(counts, {
        endpointId: e,
        pending: 4,
        succeeded: 0,
        failed: 0,
        lastAttemptAt: new Date(recent),
      });
    });

    test('two upkeeps at once remove each delivery once', async () => {
      const e = await insertEndpoint(app);
      const other = await insertEndpoint(app);
      const old = daysAgo(days + 1);
      await lastTriedAt(old, e, 'twicea', 30, 'succeeded');
      await lastTriedAt(old, e, 'twiceb', 10, 'failed');
      await lastTriedAt(old, other, 'twicec', 20, 'succeeded');
      await tallyAsTheyStand();
      const removed = await Promise.all([
        pruneDeliveryLog(app.ctx, { batch: 3, batches: 100 }),
        pruneDeliveryLog(app.ctx, { batch: 5, batches: 100 }),
      ]);
      assert.equal(removed[0] + removed[1], 60);
      await assertKeptCounts(e, { pending: 0, succeeded: 0, failed: 0 });
      await assertKeptCounts(other, { pending: 0, succeeded: 0, failed: 0 });
    });

    test('removing reads what it removes, not the log it keeps', async () => {
      const e = await insertEndpoint(app);
      const old = daysAgo(days + 1);
      const recent = daysAgo(1);
      await lastTriedAt(old, e, 'aged', 10, 'succeeded');
      await lastTriedAt(recent, e, 'kept', 6000, 'succeeded');
      await lastTriedAt(old, e, 'owed', 3000, 'pending');
      await rows(app, sql`analyze webhook_deliveries`);
      const cutoff = new Date(Date.now() - days * day);
      const [plan, ...more] = await explainAnalyzed(app.ctx.db, (explaining) =>
        deleteSettledDeliveries(explaining, cutoff, 1000),
      );
      assert.ok(plan && more.length === 0, 'one statement');
      const read = rowsRead(plan, 'webhook_deliveries');
      assert.ok(read >= 10 && read <= 30, `removing 10 read ${read} of 9,010 deliveries`);
    });
  });
});
