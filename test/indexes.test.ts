import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { maintain } from '../src/composition.ts';
import { queryRows } from '../src/db/client.ts';
import { claimDueEmails, markEmailSent, releaseStrandedFollowers } from '../src/email/delivery-queries.ts';
import { hashPassword } from '../src/security/passwords.ts';
import { createSubscription } from '../src/subscriptions/service.ts';
import { type Headers, sessionHeaders, startTestApp, type TestApp } from './helpers/app.ts';
import { freshDatabase, inCi, type TestDatabase, testDatabaseUrl } from './helpers/databases.ts';
import { activationBody } from './helpers/factories.ts';
import { genericPlanOf, type PlanNode } from './helpers/plans.ts';
import { seedOrganizations, seedWebhookHistory } from './helpers/seed-scale.ts';

/** The tables a query must never read in full once they hold many organizations. */
const watched = new Set([
  'organizations',
  'customer_users',
  'audit_events',
  'email_outbox',
  'runs',
  'run_steps',
  'subscriptions',
  'webhook_deliveries',
  'events',
]);
const count = 20_000;
const password = 'Seeded-Password-1!';

type Captured = { text: string; values: unknown[] };

/** Every statement the app sends to PostgreSQL while `work` runs. */
async function capture(work: () => Promise<unknown>): Promise<Captured[]> {
  const captured: Captured[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text?: string; values?: unknown[] };
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const values = (Array.isArray(args[1]) ? args[1] : typeof config === 'string' ? [] : config?.values) as
      | unknown[]
      | undefined;
    captured.push({ text, values: Array.isArray(values) ? values : [] });
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return captured.filter(
    (q) =>
      /^\s*(select|update|delete|with)\b/i.test(q.text) &&
      !/pgboss\./i.test(q.text) &&
      !/rate_limit_counters/.test(q.text),
  );
}

/** What the planner knows of the database: its partial indexes, and each table's row count. */
type Catalog = { partialIndexes: Set<string>; rows: Map<string, number> };

/**
 * The watched tables `node` reads in full: by a sequential scan, or by walking a whole index that
 * is not partial (no index condition) without a limit to stop it, or while its filter is expected
 * to discard most rows (a walk in index order that a limit stops early reads about what it
 * returns only if most rows pass).
 */
function fullReads(node: PlanNode, catalog: Catalog, limited = false): string[] {
  const relation = node['Relation Name'];
  const type = node['Node Type'];
  const passing = relation ? node['Plan Rows'] / Math.max(1, catalog.rows.get(relation) ?? 1) : 1;
  const walksWholeIndex =
    (type === 'Index Scan' || type === 'Index Only Scan') &&
    !node['Index Cond'] &&
    !catalog.partialIndexes.has(node['Index Name'] ?? '') &&
    (!limited || (node.Filter !== undefined && passing < 0.5));
  const own = relation && watched.has(relation) && (type === 'Seq Scan' || walksWholeIndex) ? [relation] : [];
  const below = limited || type === 'Limit';
  return [...own, ...(node.Plans ?? []).flatMap((child) => fullReads(child, catalog, below))];
}

describe('every hot query uses an index at scale, planned for its values or for any (PostgreSQL, EXPLAIN)', () => {
  let app: TestApp;
  let explain: pg.Client;
  let catalog: Catalog = { partialIndexes: new Set(), rows: new Map() };
  let endpointId: string;
  let database: TestDatabase | undefined;
  let cx: Headers;
  before(async () => {
    if (!testDatabaseUrl) {
      if (inCi) throw new Error('This suite needs PostgreSQL: set TEST_DATABASE_URL.');
      return;
    }
    database = await freshDatabase();
    app = await startTestApp({ database });
    await seedOrganizations(app.ctx.db, count, await hashPassword(password));
    endpointId = await seedWebhookHistory(app.ctx.db, count);
    explain = new pg.Client({ connectionString: database.url });
    await explain.connect();
    // With sequential scans priced out, a plan that still has one has no index to use: true at
    // any size, though at this one the planner might well prefer the scan.
    await explain.query('set enable_seqscan = off');
    // Each statement's generic plan is checked too: the app prepares its statements, and after
    // five runs PostgreSQL may plan them once for any values.
    await explain.query('set plan_cache_mode = force_generic_plan');
    const partial = await explain.query<{ indexname: string }>(
      `select indexname from pg_indexes where schemaname = 'public' and indexdef like '% WHERE %'`,
    );
    const tables = await explain.query<{ relname: string; reltuples: number }>(
      `select relname, reltuples from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'`,
    );
    catalog = {
      partialIndexes: new Set(partial.rows.map((row) => row.indexname)),
      rows: new Map(tables.rows.map((row) => [row.relname, Number(row.reltuples)])),
    };
    cx = await app.staff(['cx', 'support']);
  });
  after(async () => {
    await explain?.end();
    await app?.close();
    await database?.drop();
  });

  const planOf = (rows: unknown[]) =>
    (rows[0] as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0]?.Plan as PlanNode;

  async function assertIndexed(label: string, work: () => Promise<unknown>) {
    const queries = await capture(work);
    assert.ok(queries.length > 0, `${label}: captured its queries`);
    for (const query of queries) {
      const { rows } = await explain.query(`explain (format json) ${query.text}`, query.values);
      assert.deepEqual(
        fullReads(planOf(rows), catalog),
        [],
        `${label}: a full read in\n${query.text}\n${JSON.stringify(planOf(rows), null, 1)}`,
      );
      assert.deepEqual(
        fullReads(await genericPlanOf(async (text) => (await explain.query(text)).rows, query), catalog),
        [],
        `${label}: a full read in the generic plan of\n${query.text}`,
      );
    }
  }

  const get = (url: string, as?: Headers) => app.request({ method: 'GET', url, ...(as ? { as } : {}) });

  test('short-name preview', async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    await assertIndexed('preview', () =>
      get('/api/v1/short-names/preview?region=us-east-1&company=Seed%20Company%20500'),
    );
    await assertIndexed('preview typed', () =>
      get('/api/v1/short-names/preview?region=eu-west-1&shortName=seed12'),
    );
  });

  test('activation', async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    const { activation } = await createSubscription(
      app.ctx,
      {
        company: 'Indexed Co',
        contact: { name: 'I', email: 'i@indexed.test' },
        locale: 'en',
        kind: 'trial',
        trialDays: 30,
        products: [{ sku: 'cx-2', quantity: 1 }],
      },
      { actor: { type: 'system' } },
    );
    const token = activation.url.split('/activate/')[1];
    await assertIndexed('activation link', () => get(`/api/v1/activations/${token}`));
    await assertIndexed('activation', () =>
      app.request({
        method: 'POST',
        url: `/api/v1/activations/${token}`,
        payload: activationBody({ companyName: 'Seed Company 77' }),
      }),
    );
  });

  test('email delivery: claiming what is due, settling it, the sweep for waiting followers', async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    await assertIndexed('email claim', async () => {
      const claimed = await claimDueEmails(app.ctx.db, new Date(), 8);
      await markEmailSent(app.ctx.db, claimed[0]?.id ?? randomUUID(), new Date());
    });
    await assertIndexed('stranded followers', () => releaseStrandedFollowers(app.ctx.db, new Date()));
  });

  test('sign-in, and the customer home', async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    let signedIn: Headers | undefined;
    await assertIndexed('sign-in', async () => {
      const response = await app.request({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: 'admin4242@seed.test', password },
      });
      assert.equal(response.statusCode, 201, response.body);
      signedIn = sessionHeaders(response, 'onramp_session', 'onramp_csrf');
    });
    await assertIndexed('unknown email', () =>
      app.request({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: 'nobody@seed.test', password },
      }),
    );
    await assertIndexed('home', () => get('/api/v1/organization', signedIn));
    await assertIndexed('me', () => get('/api/v1/me', signedIn));
  });

  test('the verification queue, search by every key, the organization and its audit export', async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    const [row] = await queryRows<{ id: string; subscription_id: string }>(
      app.ctx.db,
      sql`select id, subscription_id from organizations where short_name = 'seed1234'`,
    );
    assert.ok(row);
    await assertIndexed('queue', () => get('/api/v1/verification-queue', cx));
    for (const q of [
      row.id,
      row.subscription_id,
      'seed1234',
      'SEED1234',
      'Company 1234',
      'admin1234@seed.test',
      'contact1234@seed.test',
      '100%_off',
    ]) {
      await assertIndexed(`search ${q}`, () => get(`/api/v1/organizations?q=${encodeURIComponent(q)}`, cx));
    }
    await assertIndexed('search in a region', () =>
      get('/api/v1/organizations?q=seed1234&region=us-east-1', cx),
    );
    await assertIndexed('organization', () => get(`/api/v1/organizations/${row.id}`, cx));
    await assertIndexed('audit export', () => get(`/api/v1/organizations/${row.id}/audit?format=csv`, cx));
  });

  test('the webhook console: endpoints and their counts, pages of deliveries by status', async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    const admin = await app.staff(['admin']);
    await assertIndexed('endpoints', () => get('/api/v1/webhook-endpoints', admin));
    await assertIndexed('endpoint', () => get(`/api/v1/webhook-endpoints/${endpointId}`, admin));
    for (const status of ['', 'pending', 'delivering', 'succeeded', 'failed']) {
      await assertIndexed(`deliveries ${status}`, async () => {
        const page = await get(
          `/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=50&status=${status}`.replace(
            /&status=$/,
            '',
          ),
          admin,
        );
        assert.equal(page.statusCode, 200, page.body);
        const next = page.json().nextCursor;
        if (next)
          await get(
            `/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=50&cursor=${next}${status ? `&status=${status}` : ''}`,
            admin,
          );
      });
    }
  });

  test("the minute's upkeep", async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    await assertIndexed('maintenance', () => maintain(app.ctx));
  });

  test('search matches % and _ literally', async (t) => {
    if (!app) return t.skip('needs PostgreSQL');
    const found = (await get(`/api/v1/organizations?q=${encodeURIComponent('%')}`, cx)).json().items;
    assert.deepEqual(found, [], 'no company name contains %');
    const underscore = (await get(`/api/v1/organizations?q=${encodeURIComponent('Seed_Company')}`, cx)).json()
      .items;
    assert.deepEqual(underscore, [], '_ is not a wildcard');
  });
});
