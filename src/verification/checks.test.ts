import assert from 'node:assert/strict';
import { test } from 'node:test';
import { featuresForProducts } from '../catalog/products.ts';
import { type CheckKey, evaluateChecks, type VerificationSnapshot } from './checks.ts';

const activatedAt = new Date('2026-11-01T10:00:00Z');
const products = [
  { sku: 'cx-2', quantity: 10 },
  { sku: 'wem-addon', quantity: 4 },
];

function trial(): VerificationSnapshot {
  return {
    subscription: { kind: 'trial', trialDays: 30, currency: null, ratePlan: null, products },
    activatedAt,
    features: featuresForProducts(products.map((p) => p.sku)).map((f) => f.key),
    billing: {
      kind: 'trial',
      chargesEnabled: false,
      currency: null,
      ratePlan: null,
      trialEndsAt: new Date(activatedAt.getTime() + 30 * 24 * 3600_000),
      quantities: products,
    },
    admins: [{ email: 'a@x.test', lastLoginAt: new Date() }],
    emails: [
      { template: 'activation', to: 'c@x.test', status: 'sent' },
      { template: 'invitation', to: 'i@x.test', status: 'sent' },
      { template: 'welcome', to: 'a@x.test', status: 'queued' },
    ],
    runs: [
      { kind: 'provisioning', state: 'succeeded', failedSteps: [] },
      { kind: 'setup', state: 'succeeded', failedSteps: [] },
    ],
  };
}

function paid(): VerificationSnapshot {
  const s = trial();
  return {
    ...s,
    subscription: { kind: 'paid', trialDays: null, currency: 'EUR', ratePlan: 'annual', products },
    billing: {
      kind: 'paid',
      chargesEnabled: true,
      currency: 'EUR',
      ratePlan: 'annual',
      trialEndsAt: null,
      quantities: products,
    },
  };
}

function failing(snapshot: VerificationSnapshot): Partial<Record<CheckKey, string | null>> {
  return Object.fromEntries(
    evaluateChecks(snapshot)
      .filter((c) => c.status === 'failed')
      .map((c) => [c.key, c.detail]),
  );
}

test('a well activated trial and a well activated paid subscription pass every check', () => {
  assert.deepEqual(failing(trial()), {});
  assert.deepEqual(failing(paid()), {});
  assert.deepEqual(
    evaluateChecks(trial()).map((c) => c.key),
    ['features-enabled', 'billing-matches', 'admin-logged-in', 'emails-delivered', 'no-failed-steps'],
  );
});

const cases: [string, (s: VerificationSnapshot) => VerificationSnapshot, CheckKey, RegExp][] = [
  [
    'a missing feature',
    (s) => ({ ...s, features: s.features.filter((f) => f !== 'gamification') }),
    'features-enabled',
    /not enabled: gamification/,
  ],
  ['no billing account', (s) => ({ ...s, billing: null }), 'billing-matches', /no billing account/],
  [
    'a trial that charges',
    (s) => ({ ...s, billing: s.billing && { ...s.billing, chargesEnabled: true } }),
    'billing-matches',
    /must not be charged/,
  ],
  [
    'a wrong trial end',
    (s) => ({ ...s, billing: s.billing && { ...s.billing, trialEndsAt: new Date() } }),
    'billing-matches',
    /trial end date/,
  ],
  [
    'a wrong quantity',
    (s) => ({
      ...s,
      billing: s.billing && {
        ...s.billing,
        quantities: [
          { sku: 'cx-2', quantity: 9 },
          { sku: 'wem-addon', quantity: 4 },
        ],
      },
    }),
    'billing-matches',
    /cx-2: billed 9, subscribed 10/,
  ],
  [
    'a product not billed',
    (s) => ({ ...s, billing: s.billing && { ...s.billing, quantities: [{ sku: 'cx-2', quantity: 10 }] } }),
    'billing-matches',
    /wem-addon: billed 0/,
  ],
  [
    'a product billed but not subscribed',
    (s) => ({
      ...s,
      billing: s.billing && { ...s.billing, quantities: [...products, { sku: 'cx-4', quantity: 1 }] },
    }),
    'billing-matches',
    /cx-4 is billed but not subscribed/,
  ],
  [
    'the wrong kind',
    (s) => ({ ...s, billing: s.billing && { ...s.billing, kind: 'paid' } }),
    'billing-matches',
    /kind is paid, subscription is trial/,
  ],
  [
    'an admin who never logged in',
    (s) => ({ ...s, admins: [{ email: 'a@x.test', lastLoginAt: null }] }),
    'admin-logged-in',
    /not logged in/,
  ],
  [
    'an undelivered invitation',
    (s) => ({ ...s, emails: [...s.emails, { template: 'invitation', to: 'late@x.test', status: 'failed' }] }),
    'emails-delivered',
    /invitation to late@x\.test is failed/,
  ],
  [
    'a failed step',
    (s) => ({
      ...s,
      runs: [
        { kind: 'provisioning', state: 'failed', failedSteps: ['invitations'] },
        s.runs[1] as VerificationSnapshot['runs'][number],
      ],
    }),
    'no-failed-steps',
    /provisioning: invitations/,
  ],
  [
    'setup not finished',
    (s) => ({ ...s, runs: s.runs.filter((r) => r.kind !== 'setup') }),
    'no-failed-steps',
    /setup has not finished/,
  ],
];

for (const [name, mutate, key, detail] of cases) {
  test(`fails ${key} for ${name}, and only that`, () => {
    const found = failing(mutate(trial()));
    assert.deepEqual(Object.keys(found), [key]);
    assert.match(found[key] ?? '', detail);
  });
}

const paidCases: [string, (s: VerificationSnapshot) => VerificationSnapshot, RegExp][] = [
  [
    'another currency',
    (s) => ({ ...s, billing: s.billing && { ...s.billing, currency: 'USD' } }),
    /currency is USD, subscription is EUR/,
  ],
  [
    'another rate plan',
    (s) => ({ ...s, billing: s.billing && { ...s.billing, ratePlan: 'monthly' } }),
    /rate plan is monthly/,
  ],
  [
    'charges off',
    (s) => ({ ...s, billing: s.billing && { ...s.billing, chargesEnabled: false } }),
    /charges are not enabled/,
  ],
];

for (const [name, mutate, detail] of paidCases) {
  test(`fails billing-matches for a paid subscription with ${name}`, () => {
    assert.match(failing(mutate(paid()))['billing-matches'] ?? '', detail);
  });
}
