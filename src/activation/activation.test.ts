import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import {
  activationBody,
  seedActivation,
  seedSubscription,
  waitForProvisioning,
} from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';

describe('activation', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const activate = (token: string, body: Record<string, unknown>) =>
    app.request({ method: 'POST', url: `/api/v1/activations/${token}`, payload: body });

  test('creates the organization, admin and invitations in one go, then provisions it', async () => {
    const seeded = await seedSubscription(app, { company: 'Initech' });
    const body = activationBody({
      region: 'eu-central-1',
      companyName: 'Initech GmbH',
      locale: 'ko',
      invitations: [
        { email: 'Bob@Customer.test', role: 'user' },
        { email: 'carol@customer.test', role: 'admin' },
      ],
    });
    const response = await activate(seeded.token, body);
    assert.equal(response.statusCode, 202, response.body);
    const result = response.json();
    assert.match(result.organizationId, /^[0-9a-f-]{36}$/);
    assert.equal(result.shortName, 'initechgmbh');
    assert.equal(result.region, 'eu-central-1');

    await waitForProvisioning(app, seeded.token);
    const progress = (
      await app.request({ method: 'GET', url: `/api/v1/activations/${seeded.token}/progress` })
    ).json();
    assert.deepEqual(
      progress.steps.map((s: { key: string; status: string }) => [s.key, s.status]),
      [
        ['organization-defaults', 'done'],
        ['admin-role', 'done'],
        ['invitations', 'done'],
        ['activate-organization', 'done'],
      ],
    );
    assert.equal(progress.organizationId, result.organizationId);
    assert.equal(progress.shortName, 'initechgmbh');
    assert.ok(progress.loginUrl);

    const [organization] = await rows<Record<string, unknown>>(
      app,
      sql`select name, short_name, region, locale, time_zone, state, setup, verification from organizations where id = ${result.organizationId}`,
    );
    assert.deepEqual(organization, {
      name: 'Initech GmbH',
      short_name: 'initechgmbh',
      region: 'eu-central-1',
      locale: 'ko',
      time_zone: 'Europe/Berlin',
      state: 'active',
      setup: 'pending',
      verification: 'pending',
    });
    const users = await rows<{ email: string; role: string; password_hash: string }>(
      app,
      sql`select email, role, password_hash from customer_users where organization_id = ${result.organizationId}`,
    );
    assert.equal(users.length, 1);
    assert.equal(users[0]?.role, 'admin');
    assert.match(users[0]?.password_hash ?? '', /^\$argon2id\$/);
    const defaults = await rows(
      app,
      sql`select (select count(*)::int from divisions where organization_id = ${result.organizationId}) as divisions,
                 (select time_zone from sites where organization_id = ${result.organizationId}) as site_time_zone,
                 (select count(*)::int from role_grants where organization_id = ${result.organizationId}) as grants`,
    );
    assert.deepEqual(defaults, [{ divisions: 1, site_time_zone: 'Europe/Berlin', grants: 1 }]);

    // The admin invites, named as Korean writes an English name.
    const bob = await app.waitForMail(
      'Bob@Customer.test',
      /^Ada Admin님이 Onramp의 Initech GmbH에 초대했습니다$/,
    );
    assert.match(bob[0]?.text ?? '', /http:\/\/onramp\.test\/invitations\/[A-Za-z0-9_-]{43}/);
    assert.match(bob[0]?.text ?? '', /initechgmbh/);
    await app.waitForMail('carol@customer.test', /초대했습니다/);

    const sales = await app.staff(['sales']);
    const detail = (
      await app.request({ method: 'GET', url: `/api/v1/subscriptions/${seeded.id}`, as: sales })
    ).json();
    assert.equal(detail.status, 'activated');
    assert.equal(detail.activationLink.state, 'used');
    assert.deepEqual(detail.organization, {
      id: result.organizationId,
      shortName: 'initechgmbh',
      region: 'eu-central-1',
      state: 'active',
    });

    const audit = await rows<{ action: string; actor_type: string }>(
      app,
      sql`select action, actor_type from audit_events where organization_id = ${result.organizationId} order by id`,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'subscription.activated',
        'organization.created',
        'customer_user.created',
        'invitation.created',
        'invitation.created',
        'organization.defaults_created',
        'role.granted',
        'invitation.sent',
        'invitation.sent',
        'organization.activated',
        'provisioning.succeeded',
      ],
    );
    assert.equal(audit[0]?.actor_type, 'customer');
  });

  test('a used link answers ACTIVATION_LINK_USED with the organization, and its progress stays readable', async () => {
    const activated = await seedActivation(app);
    const summary = await app.request({ method: 'GET', url: `/api/v1/activations/${activated.token}` });
    assert.equal(summary.statusCode, 409);
    assert.equal(summary.json().error.code, 'ACTIVATION_LINK_USED');
    assert.equal(summary.json().error.details.organizationId, activated.organizationId);
    const progress = await app.request({
      method: 'GET',
      url: `/api/v1/activations/${activated.token}/progress`,
    });
    assert.equal(progress.statusCode, 200);
    assert.equal(progress.json().state, 'ready');
  });

  test('progress of a link not used yet is pending; of an unknown link, ACTIVATION_LINK_INVALID', async () => {
    const seeded = await seedSubscription(app);
    const pending = (
      await app.request({ method: 'GET', url: `/api/v1/activations/${seeded.token}/progress` })
    ).json();
    assert.equal(pending.state, 'pending');
    assert.equal(pending.organizationId, null);
    assert.ok(pending.steps.every((s: { status: string }) => s.status === 'pending'));
    const unknown = await app.request({
      method: 'GET',
      url: `/api/v1/activations/${'x'.repeat(43)}/progress`,
    });
    assert.equal(unknown.json().error.code, 'ACTIVATION_LINK_INVALID');
  });

  test('the same request again answers the same result and creates nothing new', async () => {
    const seeded = await seedSubscription(app, { company: 'Twice Co' });
    const body = activationBody({
      companyName: 'Twice Co',
      invitations: [{ email: 'dan@customer.test', role: 'user' }],
    });
    const first = await activate(seeded.token, body);
    const again = await activate(seeded.token, body);
    const concurrent = await Promise.all([1, 2, 3].map(() => activate(seeded.token, body)));
    for (const response of [first, again, ...concurrent]) {
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(response.json(), first.json());
    }
    // Whitespace and letter case in the email do not make it a different request.
    const admin = body.admin;
    const same = await activate(seeded.token, {
      ...body,
      admin: { ...admin, email: admin.email.toUpperCase() },
    });
    assert.equal(same.statusCode, 202);
    const counts = await rows(
      app,
      sql`select (select count(*)::int from organizations where subscription_id = ${seeded.id}) as organizations,
                 (select count(*)::int from customer_users u join organizations o on o.id = u.organization_id where o.subscription_id = ${seeded.id}) as users,
                 (select count(*)::int from invitations i join organizations o on o.id = i.organization_id where o.subscription_id = ${seeded.id}) as invitations`,
    );
    assert.deepEqual(counts, [{ organizations: 1, users: 1, invitations: 1 }]);
    await waitForProvisioning(app, seeded.token);
    assert.equal((await app.mailbox('dan@customer.test')).length, 1);
  });

  test('a different request on a used link is refused', async () => {
    const seeded = await seedSubscription(app);
    const body = activationBody();
    assert.equal((await activate(seeded.token, body)).statusCode, 202);
    for (const different of [
      { ...body, region: 'eu-west-1' },
      { ...body, companyName: 'Another name' },
      { ...body, admin: { ...body.admin, email: 'someone-else@customer.test' } },
    ]) {
      const response = await activate(seeded.token, different);
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(response.json().error.code, 'ACTIVATION_LINK_USED');
    }
  });

  test('expired, replaced and cancelled links cannot activate', async () => {
    const expired = await seedSubscription(app);
    app.clock.offsetMs = 31 * 24 * 3600_000;
    try {
      assert.equal(
        (await activate(expired.token, activationBody())).json().error.code,
        'ACTIVATION_LINK_EXPIRED',
      );
    } finally {
      app.clock.offsetMs = 0;
    }
    const cancelled = await seedSubscription(app);
    await app.ctx.db.execute(sql`update subscriptions set status = 'cancelled' where id = ${cancelled.id}`);
    assert.equal(
      (await activate(cancelled.token, activationBody())).json().error.code,
      'ACTIVATION_LINK_CANCELLED',
    );
    const organizations = await rows(
      app,
      sql`select id from organizations where subscription_id in (${expired.id}, ${cancelled.id})`,
    );
    assert.deepEqual(organizations, []);
  });

  test('a derived short name that is taken gets the next number; other regions do not count', async () => {
    const first = await seedActivation(app, {
      activation: { companyName: 'Globex', region: 'ap-northeast-2' },
      wait: false,
    });
    const second = await seedActivation(app, {
      activation: { companyName: 'GLOBEX', region: 'ap-northeast-2' },
      wait: false,
    });
    const elsewhere = await seedActivation(app, {
      activation: { companyName: 'Globex', region: 'ap-south-1' },
      wait: false,
    });
    assert.deepEqual(
      [first.shortName, second.shortName, elsewhere.shortName],
      ['globex', 'globex1', 'globex'],
    );
  });

  test('a typed short name is used exactly, in lowercase; taken, it answers 409 with the next free one', async () => {
    const typed = await seedActivation(app, {
      activation: { shortName: '  Hooli-Labs ', region: 'us-west-2' },
      wait: false,
    });
    assert.equal(typed.shortName, 'hooli-labs');
    const seeded = await seedSubscription(app);
    const taken = await activate(
      seeded.token,
      activationBody({ shortName: 'hooli-labs', region: 'us-west-2' }),
    );
    assert.equal(taken.statusCode, 409);
    const { error } = taken.json();
    assert.equal(error.code, 'SHORT_NAME_TAKEN');
    assert.equal(error.details.suggestion, 'hooli-labs1');
    assert.match(error.message, /hooli-labs1/);
    // Nothing was used up: the link still works with another name.
    const retry = await activate(
      seeded.token,
      activationBody({ shortName: 'hooli-labs1', region: 'us-west-2' }),
    );
    assert.equal(retry.statusCode, 202, retry.body);
  });

  test('reserved names are never allocated', async () => {
    const derived = await seedActivation(app, {
      activation: { companyName: 'Support', region: 'sa-east-1' },
      wait: false,
    });
    assert.equal(derived.shortName, 'support1');
    const seeded = await seedSubscription(app);
    const typed = await activate(seeded.token, activationBody({ shortName: 'admin' }));
    assert.equal(typed.statusCode, 400);
    assert.equal(typed.json().error.details.fields[0].path, 'body.shortName');
    assert.equal(typed.json().error.details.fields[0].message, 'is reserved by the platform');
  });
});
