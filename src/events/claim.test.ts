import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { rows } from '../../test/helpers/sql.ts';
import type { Db } from '../db/client.ts';
import { claimDueDeliveries } from './queries.ts';

type PlanNode = {
  'Parent Relationship'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
};

/** Rows of `relation` the plan's scans produced or filtered out: what the statement read. */
function rowsRead(node: PlanNode, relation: string): number {
  const loops = node['Actual Loops'] ?? 1;
  const own =
    node['Relation Name'] === relation
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, relation), 0);
}

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

  async function endpoint(enabled = true): Promise<string> {
    const [row] = await rows<{ id: string }>(
      app,
      sql`insert into webhook_endpoints (url, event_types, secret, enabled)
          values ('https://receiver.test/hooks', '{subscription.created}', 'whsec_test', ${enabled})
          returning id`,
    );
    return row?.id ?? '';
  }

  // Times as the application writes them: from its clock, to the millisecond.
  const at = (fromNowMs: number) => new Date(Date.now() + fromNowMs).toISOString();

  /** A delivery to `endpointId` of a new event, in the chain `key`; its id. */
  async function delivery(
    endpointId: string,
    key: string,
    state: { status?: string; dueInMs?: number; leasedForMs?: number } = {},
  ): Promise<string> {
    const { status = 'pending', dueInMs = 0, leasedForMs } = state;
    const [row] = await rows<{ id: string }>(
      app,
      sql`with event as (
            insert into events (id, type, payload)
            values (gen_random_uuid()::text, 'subscription.created', '{"type":"subscription.created","timestamp":"","data":{}}')
            returning id
          )
          insert into webhook_deliveries (event_id, endpoint_id, order_key, status, next_attempt_at, leased_until)
          select event.id, ${endpointId}::uuid, ${key}, ${status}, ${at(dueInMs)}::timestamptz,
                 ${leasedForMs === undefined ? null : at(leasedForMs)}::timestamptz
          from event
          returning id`,
    );
    return row?.id ?? '';
  }

  before(async () => {
    // No workers: nothing but the test claims.
    app = await startTestApp({ workers: false });
  });
  beforeEach(async () => {
    await rows(app, sql`delete from webhook_deliveries`);
    await rows(app, sql`delete from webhook_endpoints`);
  });
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
    /** `count` deliveries of new events named `prefix-i`, in 1,000 chains taking turns. */
    const many = (prefix: string, count: number, status: string, dueAt: string) =>
      rows(
        app,
        sql`with made as (
              insert into events (id, type, payload)
              select ${prefix} || '-' || i, 'subscription.created', '{"type":"subscription.created","timestamp":"","data":{}}'
              from generate_series(1, ${count}::int) i
              returning id
            )
            insert into webhook_deliveries (event_id, endpoint_id, order_key, status, next_attempt_at)
            select id, ${e}::uuid, 'org-' || (split_part(id, '-', 2)::int % 1000), ${status}, ${dueAt}::timestamptz
            from made
            order by split_part(id, '-', 2)::int`,
      );
    // 6,000 deliveries done long ago, then 3,000 pending in chains of three (an endpoint that was
    // down, now back).
    await many('history', 6000, 'succeeded', at(-minute));
    await many('backlog', 3000, 'pending', at(-1000));
    await rows(app, sql`analyze webhook_deliveries`);
    let plan: PlanNode | undefined;
    await app.ctx.db
      .transaction(async (tx) => {
        // The claim's statement, explained as it runs; then rolled back.
        const explaining = new Proxy(tx, {
          get(target, key, receiver) {
            if (key !== 'execute') return Reflect.get(target, key, receiver);
            return async (query: ReturnType<typeof sql>) => {
              const [row] = (
                (await target.execute(sql`explain (analyze, format json) ${query}`)) as unknown as {
                  rows: { 'QUERY PLAN': [{ Plan: PlanNode }] }[];
                }
              ).rows;
              plan = row?.['QUERY PLAN'][0].Plan;
              return { rows: [] };
            };
          },
        }) as Db;
        await claimDueDeliveries(explaining, options(16));
        throw new Error('roll back');
      })
      .catch((error: unknown) => {
        if ((error as Error).message !== 'roll back') throw error;
      });
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
});
