import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Headers, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { subscriptionBody } from '../../test/helpers/factories.ts';

describe('subscriptions: every validation rule', () => {
  let app: TestApp;
  let sales: Headers;
  before(async () => {
    app = await startTestApp();
    sales = await app.staff(['sales']);
  });
  after(() => app.close());

  const create = (payload: unknown, as: Headers = sales) =>
    app.request({ method: 'POST', url: '/api/v1/subscriptions', payload: payload as object, as });

  const invalidBodies: [string, Record<string, unknown>, string][] = [
    ['empty company', { company: '  ' }, 'company'],
    ['company over 200 characters', { company: 'x'.repeat(201) }, 'company'],
    ['company with a line break', { company: 'Acme\r\nBcc: evil@x.test' }, 'company'],
    ['contact without a name', { contact: { name: '', email: 'a@b.test' } }, 'contact.name'],
    ['invalid contact email', { contact: { name: 'A', email: 'not-an-email' } }, 'contact.email'],
    ['unknown locale', { locale: 'fr' }, 'locale'],
    ['unknown kind', { kind: 'free' }, 'kind'],
    ['trial without days', { trialDays: undefined }, 'trialDays'],
    ['trial of 0 days', { trialDays: 0 }, 'trialDays'],
    ['trial of 91 days', { trialDays: 91 }, 'trialDays'],
    ['trial of 1.5 days', { trialDays: 1.5 }, 'trialDays'],
    ['trial with a currency', { currency: 'USD' }, 'currency'],
    ['paid without currency', { kind: 'paid', trialDays: undefined, ratePlan: 'p' }, 'currency'],
    ['paid without rate plan', { kind: 'paid', trialDays: undefined, currency: 'USD' }, 'ratePlan'],
    [
      'paid with a bad currency',
      { kind: 'paid', trialDays: undefined, currency: 'US', ratePlan: 'p' },
      'currency',
    ],
    ['paid with trial days', { kind: 'paid', currency: 'USD', ratePlan: 'p' }, 'trialDays'],
    ['no products', { products: [] }, 'products'],
    ['unknown SKU', { products: [{ sku: 'cx-99', quantity: 1 }] }, 'products.0.sku'],
    ['quantity 0', { products: [{ sku: 'cx-1', quantity: 0 }] }, 'products.0.quantity'],
    ['fractional quantity', { products: [{ sku: 'cx-1', quantity: 2.5 }] }, 'products.0.quantity'],
    [
      'the same SKU twice',
      {
        products: [
          { sku: 'cx-1', quantity: 1 },
          { sku: 'cx-1', quantity: 2 },
        ],
      },
      'products.1.sku',
    ],
    ['quantity as a string', { products: [{ sku: 'cx-1', quantity: '3' }] }, 'products.0.quantity'],
  ];

  for (const [name, overrides, path] of invalidBodies) {
    test(`rejects ${name} with VALIDATION_FAILED on ${path}`, async () => {
      const response = await create(subscriptionBody(overrides));
      assert.equal(response.statusCode, 400, response.body);
      const { error } = response.json();
      assert.equal(error.code, 'VALIDATION_FAILED');
      assert.ok(error.reference);
      const paths = error.details.fields.map((f: { path: string }) => f.path);
      assert.ok(paths.includes(`body.${path}`), `expected body.${path} in ${paths.join(', ')}`);
    });
  }

  test('bad input creates nothing', async () => {
    const before = (
      await app.request({ method: 'GET', url: '/api/v1/subscriptions?limit=100', as: sales })
    ).json();
    await create(subscriptionBody({ products: [{ sku: 'nope', quantity: 1 }] }));
    await create({ company: 'x' });
    await create('not json at all');
    const afterwards = (
      await app.request({ method: 'GET', url: '/api/v1/subscriptions?limit=100', as: sales })
    ).json();
    assert.equal(afterwards.items.length, before.items.length);
  });
});
