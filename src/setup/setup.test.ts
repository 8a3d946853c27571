import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import {
  acceptInvitation,
  adminPassword,
  seedActivation,
  seedOrganization,
  signInCustomer,
  waitForSetup,
} from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';
import { featuresForProducts } from '../catalog/products.ts';

describe('setup on the first admin login', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('a trial: every subscribed feature enabled, billing with no charges ending after the trial days', async () => {
    const org = await seedOrganization(app, {
      subscription: { kind: 'trial', trialDays: 45, products: [{ sku: 'cx-2-digital', quantity: 7 }] },
    });
    const overview = (
      await app.request({ method: 'GET', url: '/api/v1/organization', as: org.admin })
    ).json();
    assert.equal(overview.organization.setup, 'done');
    const enabled = await rows<{ feature: string; skus: string[] }>(
      app,
      sql`select feature, skus from organization_features where organization_id = ${org.organizationId} order by feature`,
    );
    assert.deepEqual(
      enabled.map((f) => f.feature),
      featuresForProducts(['cx-2-digital'])
        .map((f) => f.key)
        .sort(),
    );
    assert.ok(
      overview.products[0].features.every(
        (f: { enabled: boolean; enabledAt: string }) => f.enabled && f.enabledAt,
      ),
    );

    const [organization] = await rows<{ activated_at: Date }>(
      app,
      sql`select activated_at from organizations where id = ${org.organizationId}`,
    );
    assert.equal(overview.billing.kind, 'trial');
    assert.equal(overview.billing.chargesEnabled, false);
    assert.equal(overview.billing.currency, null);
    assert.equal(
      Date.parse(overview.billing.trialEndsAt),
      new Date(organization?.activated_at ?? 0).getTime() + 45 * 24 * 3600_000,
    );
    assert.equal(overview.billing.trialDaysLeft, 45);
    assert.deepEqual(overview.billing.quantities, [
      { sku: 'cx-2-digital', name: 'CX 2 Digital', quantity: 7 },
    ]);
  });

  test('a paid subscription with two products: rate plan, currency and each quantity, features of both', async () => {
    const org = await seedOrganization(app, {
      subscription: {
        kind: 'paid',
        trialDays: undefined,
        currency: 'JPY',
        ratePlan: 'enterprise-annual',
        products: [
          { sku: 'cx-3', quantity: 120 },
          { sku: 'wem-addon', quantity: 80 },
        ],
      },
      activation: { region: 'ap-northeast-1' },
    });
    const overview = (
      await app.request({ method: 'GET', url: '/api/v1/organization', as: org.admin })
    ).json();
    assert.deepEqual(
      { ...overview.billing, startsOn: undefined },
      {
        kind: 'paid',
        chargesEnabled: true,
        currency: 'JPY',
        ratePlan: 'enterprise-annual',
        startsOn: undefined,
        trialEndsAt: null,
        trialDaysLeft: null,
        quantities: [
          { sku: 'cx-3', name: 'CX 3', quantity: 120 },
          { sku: 'wem-addon', name: 'WEM add-on', quantity: 80 },
        ],
      },
    );
    // The billing start is the activation date in the organization's time zone (Tokyo).
    assert.equal(
      overview.billing.startsOn,
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date()),
    );
    const enabled = await rows<{ feature: string; skus: string[] }>(
      app,
      sql`select feature, skus from organization_features where organization_id = ${org.organizationId}`,
    );
    const expected = featuresForProducts(['cx-3', 'wem-addon']);
    assert.equal(enabled.length, expected.length);
    const audited = await rows<{ action: string; data: { after?: { currency?: string } } }>(
      app,
      sql`select action, data from audit_events where organization_id = ${org.organizationId} and action in ('features.enabled', 'billing.created') order by id`,
    );
    assert.deepEqual(
      audited.map((a) => a.action),
      ['features.enabled', 'billing.created'],
    );
    assert.equal(audited[1]?.data.after?.currency, 'JPY');
    const speech = enabled.find((f) => f.feature === 'speech-analytics');
    assert.deepEqual(
      speech?.skus,
      ['cx-3', 'wem-addon'],
      'a feature both products bring is enabled once, crediting both',
    );
  });

  test('only the admin’s first sign-in starts setup, once, even with concurrent sign-ins', async () => {
    const activated = await seedActivation(app, {
      activation: { invitations: [{ email: 'later@customer.test', role: 'user' }] },
    });
    const logins = await Promise.all(
      [1, 2, 3].map(() =>
        app.request({
          method: 'POST',
          url: '/api/v1/sessions',
          payload: { email: activated.adminEmail, password: adminPassword },
        }),
      ),
    );
    assert.deepEqual(
      logins.map((l) => l.statusCode),
      [201, 201, 201],
    );
    const admin = await signInCustomer(app, { email: activated.adminEmail });
    await waitForSetup(app, admin);
    const runs = await rows(
      app,
      sql`select count(*)::int as n from runs where organization_id = ${activated.organizationId} and kind = 'setup'`,
    );
    assert.deepEqual(runs, [{ n: 1 }]);
    const events = await rows(
      app,
      sql`select count(*)::int as n from audit_events where organization_id = ${activated.organizationId} and action = 'setup.started'`,
    );
    assert.deepEqual(events, [{ n: 1 }]);
    assert.equal((await signInCustomer(app, { email: activated.adminEmail })) !== undefined, true);
  });

  test('a user (not admin) signing in first does not start setup, and cannot read its progress', async () => {
    const activated = await seedActivation(app, {
      activation: { invitations: [{ email: 'first-user@customer.test', role: 'user' }] },
    });
    await acceptInvitation(app, 'first-user@customer.test', { firstName: 'U', lastName: 'Ser' });
    const [organization] = await rows(
      app,
      sql`select setup from organizations where id = ${activated.organizationId}`,
    );
    assert.deepEqual(organization, { setup: 'pending' });
    const user = await signInCustomer(app, { email: 'first-user@customer.test' });
    assert.equal(
      (await app.request({ method: 'GET', url: '/api/v1/organization/setup', as: user })).statusCode,
      403,
    );
  });
});

describe('setup that fails', () => {
  test('shows the failed step with a reference, and "try again" finishes it', async () => {
    let failing = true;
    const app = await startTestApp({
      runPolicy: {
        maxAttempts: 2,
        beforeStep(kind, key) {
          if (failing && kind === 'setup' && key === 'billing') throw new Error('billing system down');
        },
      },
    });
    try {
      const activated = await seedActivation(app);
      const admin = await signInCustomer(app, { email: activated.adminEmail });
      await waitForSetup(app, admin, 'failed');
      const failed = (
        await app.request({ method: 'GET', url: '/api/v1/organization/setup', as: admin })
      ).json();
      assert.equal(failed.error.step, 'billing');
      assert.match(failed.error.reference, /^[0-9A-Z]{4}-/);
      assert.equal(
        (await app.request({ method: 'GET', url: '/api/v1/me', as: admin })).json().organization.setup,
        'failed',
      );
      failing = false;
      const retried = await app.request({
        method: 'POST',
        url: '/api/v1/organization/setup/retry',
        as: admin,
      });
      assert.equal(retried.statusCode, 202, retried.body);
      await waitForSetup(app, admin);
      const billing = await rows(
        app,
        sql`select count(*)::int as n from billing_accounts where organization_id = ${activated.organizationId}`,
      );
      assert.deepEqual(billing, [{ n: 1 }]);
    } finally {
      await app.close();
    }
  });
});
