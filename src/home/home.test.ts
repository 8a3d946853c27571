import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { acceptInvitation, seedOrganization } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';
import { membersOf } from '../accounts/queries.ts';
import { invitationsOf } from '../invitations/queries.ts';
import { billingOf, featuresOf } from '../setup/queries.ts';
import { productsOf } from '../subscriptions/queries.ts';

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

/**
 * The home reads everything but the organization in one statement (`homeOf`); this checks it
 * answers what each table holds, as the query builder reads it: every product, feature, billing
 * term and quantity, every member in the order they joined, every invitation newest first with
 * the status people see (a pending one past its date reads as expired), timestamps to the ms.
 */
describe('the customer home', () => {
  let app: TestApp;
  let org: Awaited<ReturnType<typeof seedOrganization>>;

  before(async () => {
    app = await startTestApp();
    org = await seedOrganization(app, {
      subscription: {
        kind: 'paid',
        trialDays: undefined,
        currency: 'EUR',
        ratePlan: 'standard-monthly',
        products: [
          { sku: 'wem-addon', quantity: 3 },
          { sku: 'cx-3', quantity: 12 },
        ],
      },
      activation: {
        invitations: [
          { email: 'joins@customer.test', role: 'admin' },
          { email: 'revoked@customer.test', role: 'user' },
          { email: 'expired@customer.test', role: 'user' },
          { email: 'waiting@customer.test', role: 'user' },
        ],
      },
    });
    await acceptInvitation(app, 'joins@customer.test', { firstName: 'Jo', lastName: 'Ins' });
    await rows(
      app,
      sql`update invitations set status = 'revoked', revoked_at = now()
          where organization_id = ${org.organizationId} and email = 'revoked@customer.test'`,
    );
    await rows(
      app,
      sql`update invitations set expires_at = now() - interval '1 day'
          where organization_id = ${org.organizationId} and email = 'expired@customer.test'`,
    );
  });
  after(() => app.close());

  test('answers what the tables hold, read in one statement', async () => {
    const response = await app.request({ method: 'GET', url: '/api/v1/organization', as: org.admin });
    assert.equal(response.statusCode, 200, response.body);
    const home = response.json();
    const { db } = app.ctx;
    const [organization] = await rows<{ subscription_id: string }>(
      app,
      sql`select subscription_id from organizations where id = ${org.organizationId}`,
    );
    const subscribed =
      (await productsOf(db, [organization?.subscription_id ?? ''])).values().next().value ?? [];
    const features = await featuresOf(db, org.organizationId);
    const billing = await billingOf(db, org.organizationId);
    const members = await membersOf(db, org.organizationId);
    const invitations = await invitationsOf(db, org.organizationId);

    assert.deepEqual(
      home.products.map((p: { sku: string; quantity: number }) => ({ sku: p.sku, quantity: p.quantity })),
      subscribed,
    );
    assert.deepEqual(
      home.products.map((p: { sku: string }) => p.sku),
      ['cx-3', 'wem-addon'],
    );
    const enabled = new Map(features.map((f) => [f.feature, iso(f.enabledAt)]));
    const shown = home.products.flatMap(
      (p: { features: { key: string; enabled: boolean; enabledAt: string }[] }) => p.features,
    );
    assert.ok(shown.length > 0);
    for (const feature of shown) {
      assert.equal(feature.enabled, enabled.has(feature.key), feature.key);
      assert.equal(feature.enabledAt, enabled.get(feature.key) ?? null, feature.key);
    }

    assert.ok(billing);
    assert.deepEqual(
      {
        ...home.billing,
        quantities: home.billing.quantities.map((q: { sku: string; quantity: number }) => [
          q.sku,
          q.quantity,
        ]),
      },
      {
        kind: billing.account.kind,
        chargesEnabled: billing.account.chargesEnabled,
        currency: 'EUR',
        ratePlan: 'standard-monthly',
        startsOn: billing.account.startsOn,
        trialEndsAt: null,
        trialDaysLeft: null,
        quantities: billing.quantities.map((q) => [q.sku, q.quantity]),
      },
    );

    assert.deepEqual(
      home.people.members,
      members.map((m) => ({ ...m, createdAt: iso(m.createdAt), lastLoginAt: iso(m.lastLoginAt) })),
    );
    assert.deepEqual(
      home.people.members.map((m: { email: string }) => m.email),
      [org.adminEmail, 'joins@customer.test'],
    );

    const statuses = Object.fromEntries(
      home.people.invitations.map((i: { email: string; status: string }) => [i.email, i.status]),
    );
    assert.deepEqual(statuses, {
      'joins@customer.test': 'accepted',
      'revoked@customer.test': 'revoked',
      'expired@customer.test': 'expired',
      'waiting@customer.test': 'pending',
    });
    const byId = new Map(invitations.map((i) => [i.id, i]));
    assert.equal(home.people.invitations.length, invitations.length);
    for (const shownInvitation of home.people.invitations) {
      const stored = byId.get(shownInvitation.id);
      assert.ok(stored, shownInvitation.email);
      assert.deepEqual(
        { ...shownInvitation, status: undefined },
        {
          ...stored,
          status: undefined,
          createdAt: iso(stored.createdAt),
          sentAt: iso(stored.sentAt),
          expiresAt: iso(stored.expiresAt),
          acceptedAt: iso(stored.acceptedAt),
          revokedAt: iso(stored.revokedAt),
        },
      );
    }
    const created = home.people.invitations.map((i: { createdAt: string }) => Date.parse(i.createdAt));
    assert.deepEqual(
      created,
      [...created].sort((x: number, y: number) => y - x),
    );
  });

  test('an organization without billing yet answers null billing and no features enabled', async () => {
    // Setup has run for `org`; this one's billing account and features are taken away again.
    const other = await seedOrganization(app, { activation: { companyName: 'Unbilled Org' } });
    await rows(app, sql`delete from billing_quantities where organization_id = ${other.organizationId}`);
    await rows(app, sql`delete from billing_accounts where organization_id = ${other.organizationId}`);
    await rows(app, sql`delete from organization_features where organization_id = ${other.organizationId}`);
    const home = (await app.request({ method: 'GET', url: '/api/v1/organization', as: other.admin })).json();
    assert.equal(home.billing, null);
    assert.ok(home.products.length > 0);
    assert.ok(
      home.products.every((p: { features: { enabled: boolean; enabledAt: string | null }[] }) =>
        p.features.every((f) => !f.enabled && f.enabledAt === null),
      ),
    );
    assert.equal(home.people.members.length, 1);
  });
});
