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
import { explainAnalyzed, type PlanNode, rowsRead } from '../../test/helpers/plans.ts';
import { rows } from '../../test/helpers/sql.ts';
import { claimDueDeliveries, nextWaitingAt } from './queries.ts';

/**
 * The parts of the claim's plan that choose what to take (its common table expressions); the
 * update of the chosen rows by id is planned by cost, a scan of the whole table when it is small.
 */
function choosing(node: PlanNode): PlanNode[] {
  return (node.Plans ?? []).flatMap((child) =>
    child['Parent Relationship'] === 'InitPlan' ? [child] : choosing(child),
  );
}

describe('claiming webhook deliveries', () => {
  let app: TestApp;
  const minute = 60_000;
  const options = (limit = 50, perEndpoint = 16) => ({
    now: new Date(),
    leasedUntil: new Date(Date.now() + minute),
    limit,
    perEndpoint,
  });
  const claim = async (limit?: number, perEndpoint?: number) =>
    (await claimDueDeliveries(app.ctx.db, options(limit, perEndpoint))).map(({ delivery }) => delivery);

  const endpoint = (enabled?: boolean) => insertEndpoint(app, enabled);
  const delivery = (endpointId: string, key: string, state?: Parameters<typeof insertDelivery>[3]) =>
    insertDelivery(app, endpointId, key, state);

  before(async () => {
    // No workers: nothing but the test claims.
    app = await startTestApp({ workers: false });
  });
  beforeEach(() => emptyWebhookTables(app));
  after(() => app.close());

  test('only the head of each chain, oldest first, up to the limit', async () => {
    const e = await endpoint();
    const a1 = await delivery(e, 'org-a');
    await delivery(e, 'org-a');
    const b1 = await delivery(e, 'org-b');
    const c1 = await delivery(e, 'org-c');
    await delivery(e, 'org-b');

    assert.deepEqual(
      (await claim(2)).map((d) => d.id),
      [a1, b1],
    );
    // The claimed heads are under way: their followers wait for them.
    assert.deepEqual(
      (await claim()).map((d) => d.id),
      [c1],
    );
    assert.deepEqual(await claim(), []);
  });

  test('a head not yet due holds back its chain; the others go', async () => {
    const e = await endpoint();
    await delivery(e, 'org-a', { dueInMs: minute });
    await delivery(e, 'org-a');
    const b1 = await delivery(e, 'org-b');
    const claimed = await claim();
    assert.deepEqual(
      claimed.map((d) => [d.id, d.status, d.attempts]),
      [[b1, 'delivering', 1]],
    );
  });

  test("attempts under way count against an endpoint's limit; a disabled endpoint gets none", async () => {
    const e = await endpoint();
    await delivery(e, 'org-a', { status: 'delivering', leasedForMs: minute });
    const b1 = await delivery(e, 'org-b');
    await delivery(e, 'org-c');
    const off = await endpoint(false);
    await delivery(off, 'org-d');
    assert.deepEqual(
      (await claim(50, 2)).map((d) => d.id),
      [b1],
    );
    assert.deepEqual(await claim(50, 2), []);
  });

  test('an attempt whose lease lapsed is taken again; its followers still wait', async () => {
    const e = await endpoint();
    const lapsed = await delivery(e, 'org-a', { status: 'delivering', leasedForMs: -1000 });
    await delivery(e, 'org-a');
    const [again] = await claim();
    assert.equal(again?.id, lapsed);
    assert.ok((again?.leasedUntil?.getTime() ?? 0) > Date.now());
    assert.deepEqual(await claim(), []);
  });

  test('a claim reads what it takes, not the backlog', async () => {
    const e = await endpoint();
    const many = (prefix: string, count: number, status: string, dueAt: string) =>
      insertManyDeliveries(app, e, prefix, count, { status, dueAt });
    // 6,000 deliveries done long ago, then 3,000 pending in chains of three (an endpoint that was
    // down, now back).
    await many('history', 6000, 'succeeded', fromNow(-minute));
    await many('backlog', 3000, 'pending', fromNow(-1000));
    await rows(app, sql`analyze webhook_deliveries`);
    const [plan, ...more] = await explainAnalyzed(app.ctx.db, (explaining) =>
      claimDueDeliveries(explaining, options(16)),
    );
    assert.equal(more.length, 0);
    assert.ok(plan, 'the claim ran one statement');
    const parts = choosing(plan);
    assert.ok(parts.length > 0, 'the claim chooses in common table expressions');
    const read = parts.reduce((sum, part) => sum + rowsRead(part, 'webhook_deliveries'), 0);
    assert.ok(read > 0 && read < 200, `the claim read ${read} deliveries of 9,000, 3,000 of them waiting`);
    // And it takes the oldest heads: one of each of the first 16 chains.
    const claimed = await claim(16);
    assert.equal(claimed.length, 16);
    assert.equal(new Set(claimed.map((d) => d.orderKey)).size, 16);
  });

  test('the next wait is found without reading the backlog', async () => {
    const e = await endpoint();
    assert.equal(await nextWaitingAt(app.ctx.db), undefined);
    // 3,000 waiting, due from ten minutes on; two attempts under way, one lease lapsing first.
    await insertManyDeliveries(app, e, 'later', 3000, { status: 'pending', dueAt: fromNow(10 * minute) });
    const soonest = fromNow(2 * minute);
    await delivery(e, 'org-x', { status: 'delivering', leasedForMs: 3 * minute });
    const lapsing = await delivery(e, 'org-y', { status: 'delivering', leasedForMs: 3 * minute });
    await rows(
      app,
      sql`update webhook_deliveries set leased_until = ${soonest}::timestamptz where id = ${lapsing}::uuid`,
    );
    await rows(app, sql`analyze webhook_deliveries`);
    assert.equal((await nextWaitingAt(app.ctx.db))?.toISOString(), soonest);
    const due = await delivery(e, 'org-z', { dueInMs: minute });
    const [row] = await rows<{ at: string }>(
      app,
      sql`select next_attempt_at as at from webhook_deliveries where id = ${due}::uuid`,
    );
    assert.equal((await nextWaitingAt(app.ctx.db))?.getTime(), new Date(row?.at ?? 0).getTime());

    const [plan, ...more] = await explainAnalyzed(app.ctx.db, (explaining) => nextWaitingAt(explaining));
    assert.ok(plan && more.length === 0, 'one statement');
    const read = rowsRead(plan, 'webhook_deliveries');
    assert.ok(read < 50, `looking for the next wait read ${read} deliveries of 3,003 waiting`);
  });
});
