import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Headers, startTestApp, type TestApp } from './helpers/app.ts';
import { seedOrganization } from './helpers/factories.ts';
import { rows } from './helpers/sql.ts';

/** Payloads no client should send; none of them may produce a 5xx or change data. */
const hostileBodies: unknown[] = [
  null,
  [],
  '',
  'not json',
  42,
  true,
  { '': '' },
  { company: null, contact: 'x', products: 'all' },
  { email: ['a@b.test'], password: { $ne: null } },
  { region: 'x'.repeat(10_000), companyName: '\u0000\u0001', admin: [], invitations: {} },
  { nested: { deeper: { deepest: Array.from({ length: 200 }, () => ({ a: [1, 2, 3] })) } } },
  { email: 'a@b.test', password: 'x'.repeat(5000), shortName: '../../etc/passwd' },
  { notes: 'x'.repeat(5000), override: 'yes' },
  { firstName: '😀'.repeat(500), lastName: '\u202e', password: 'Aa1!aaaa' },
];

const hostileIds = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "1' OR '1'='1",
  '%00',
  'x'.repeat(300),
];

/** A well-formed id that names nothing, for routes tried with hostile query strings. */
const unknownId = '00000000-0000-4000-8000-000000000000';

/** `template`'s path with `id` in each of its parameters. */
const pathWith = (template: string, id: string) => template.replace(/\{[^}]+\}/g, id);

describe('bad input never yields a 5xx and changes nothing', () => {
  let app: TestApp;
  let staff: Headers;
  let customer: Headers;
  let paths: [string, string, string[]][] = [];

  before(async () => {
    app = await startTestApp();
    staff = await app.staff(['admin']);
    customer = (await seedOrganization(app)).admin;
    const spec = (await app.request({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    paths = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) =>
          [
            method.toUpperCase(),
            path,
            (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          ] as [string, string, string[]],
      ),
    );
  });
  after(() => app.close());

  /** Values for each documented query parameter of a route. */
  const hostileQueryValues = [
    '%00',
    '%FF',
    encodeURIComponent('\u0000\u202e'),
    'x'.repeat(5000),
    '-1',
    '1e999',
  ];

  /** No 5xx, and a refusal in the API's error shape. */
  function assertCalm(response: { statusCode: number; body: string; json(): unknown }, request: string) {
    assert.ok(
      response.statusCode < 500,
      `${request} → ${response.statusCode} ${response.body.slice(0, 200)}`,
    );
    if (response.statusCode >= 400) {
      const { error } = response.json() as { error: { code?: string; message?: string; reference?: string } };
      assert.ok(error.code && error.message && error.reference, `${request}: the error shape`);
    }
  }

  async function counts() {
    return rows(
      app,
      sql`select (select count(*)::int from subscriptions) as subscriptions, (select count(*)::int from organizations) as organizations,
                 (select count(*)::int from customer_users) as users, (select count(*)::int from invitations) as invitations,
                 (select count(*)::int from staff_users) as staff`,
    );
  }

  test('every documented route, with hostile bodies, identifiers and query strings, as every kind of caller', async () => {
    assert.ok(paths.length >= 30, `the OpenAPI document lists the routes (${paths.length})`);
    const before = await counts();
    let requests = 0;
    for (const [method, template, queryNames] of paths) {
      if (template.endsWith('/stream')) continue;
      // Each documented query parameter alone, so that the others' defaults let it reach the query.
      for (const name of queryNames) {
        for (const value of hostileQueryValues) {
          const url = `${pathWith(template, unknownId)}?${name}=${value}`;
          for (const as of [undefined, staff, customer]) {
            const response = await app.request({ method: method as 'GET', url, ...(as ? { as } : {}) });
            requests++;
            assertCalm(response, `${method} ${url.slice(0, 120)}`);
          }
        }
      }
      for (const id of hostileIds) {
        const url = pathWith(template, encodeURIComponent(id));
        for (const as of [undefined, staff, customer]) {
          const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : hostileBodies;
          for (const body of bodies) {
            const response = await app.request({
              method: method as 'GET',
              url: `${url}?q=${encodeURIComponent("' OR 1=1 --")}&limit=-1&cursor=%FF&status=all&region=${'x'.repeat(50)}&shortName=%00&company=`,
              ...(body === undefined
                ? {}
                : typeof body === 'string'
                  ? { payload: body, headers: { 'content-type': 'application/json' } }
                  : { payload: body as object }),
              ...(as ? { as } : {}),
            });
            requests++;
            assertCalm(response, `${method} ${url} with ${JSON.stringify(body)?.slice(0, 60)}`);
          }
        }
      }
    }
    assert.ok(requests > 1000);
    assert.deepEqual(await counts(), before, 'nothing was created');
  });
});
