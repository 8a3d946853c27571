import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Headers, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { acceptInvitation, seedOrganization, signInCustomer } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';

/**
 * Customers of one organization can never read or change another's data: every customer route,
 * called by organization A with organization B's identifiers.
 */
describe('isolation between organizations', () => {
  let app: TestApp;
  let a: Awaited<ReturnType<typeof seedOrganization>>;
  let b: Awaited<ReturnType<typeof seedOrganization>>;
  let bInvitation: string;
  let aUser: Headers;

  before(async () => {
    app = await startTestApp();
    a = await seedOrganization(app, { activation: { companyName: 'Alpha Org' } });
    b = await seedOrganization(app, {
      activation: {
        companyName: 'Beta Org',
        invitations: [{ email: 'beta-secret@customer.test', role: 'user' }],
      },
    });
    const [invitation] = await rows<{ id: string }>(
      app,
      sql`select id from invitations where organization_id = ${b.organizationId}`,
    );
    bInvitation = invitation?.id ?? '';
    await app.request({
      method: 'POST',
      url: '/api/v1/organization/invitations',
      payload: { email: 'alpha-user@customer.test', role: 'user' },
      as: a.admin,
    });
    await acceptInvitation(app, 'alpha-user@customer.test', { firstName: 'Al', lastName: 'User' });
    aUser = await signInCustomer(app, { email: 'alpha-user@customer.test' });
  });
  after(() => app.close());

  test('GET /me and GET /organization show only the signed-in organization', async () => {
    const me = (await app.request({ method: 'GET', url: '/api/v1/me', as: a.admin })).json();
    assert.equal(me.organization.id, a.organizationId);
    const overview = await app.request({ method: 'GET', url: '/api/v1/organization', as: a.admin });
    assert.equal(overview.json().organization.id, a.organizationId);
    assert.equal(overview.body.includes(b.organizationId), false);
    assert.equal(overview.body.includes('beta-secret@customer.test'), false);
    assert.equal(overview.body.includes(b.adminEmail), false);
  });

  test('GET /organization/invitations and /organization/setup show only their own', async () => {
    const invitations = await app.request({
      method: 'GET',
      url: '/api/v1/organization/invitations',
      as: a.admin,
    });
    assert.equal(invitations.body.includes('beta-secret@customer.test'), false);
    assert.equal(invitations.body.includes(bInvitation), false);
    const setup = (
      await app.request({ method: 'GET', url: '/api/v1/organization/setup', as: a.admin })
    ).json();
    assert.equal(setup.organizationId, a.organizationId);
  });

  test('re-sending or revoking another organization’s invitation is "not found" and changes nothing', async () => {
    const [before] = await rows(
      app,
      sql`select status, token_version from invitations where id = ${bInvitation}`,
    );
    const resend = await app.request({
      method: 'POST',
      url: `/api/v1/organization/invitations/${bInvitation}/resend`,
      as: a.admin,
    });
    assert.equal(resend.statusCode, 404);
    assert.equal(resend.json().error.code, 'INVITATION_NOT_FOUND');
    const revoke = await app.request({
      method: 'DELETE',
      url: `/api/v1/organization/invitations/${bInvitation}`,
      as: a.admin,
    });
    assert.equal(revoke.statusCode, 404);
    const [afterwards] = await rows(
      app,
      sql`select status, token_version from invitations where id = ${bInvitation}`,
    );
    assert.deepEqual(afterwards, before);
  });

  test('inviting and retrying setup act on the signed-in organization only', async () => {
    const invited = await app.request({
      method: 'POST',
      url: '/api/v1/organization/invitations',
      payload: { email: 'only-alpha@customer.test', role: 'user' },
      as: a.admin,
    });
    assert.equal(invited.statusCode, 201);
    const [row] = await rows(
      app,
      sql`select organization_id from invitations where id = ${invited.json().id}`,
    );
    assert.deepEqual(row, { organization_id: a.organizationId });
    const runsBefore = await rows(
      app,
      sql`select id, state, updated_at from runs where organization_id = ${b.organizationId} order by id`,
    );
    const retry = await app.request({ method: 'POST', url: '/api/v1/organization/setup/retry', as: a.admin });
    assert.equal(retry.json().organizationId, a.organizationId);
    assert.deepEqual(
      await rows(
        app,
        sql`select id, state, updated_at from runs where organization_id = ${b.organizationId} order by id`,
      ),
      runsBefore,
    );
  });

  test('request bodies and query strings cannot point at another organization', async () => {
    const sneaky = await app.request({
      method: 'POST',
      url: `/api/v1/organization/invitations?organizationId=${b.organizationId}`,
      payload: { email: 'sneaky@customer.test', role: 'admin', organizationId: b.organizationId },
      as: a.admin,
    });
    assert.equal(sneaky.statusCode, 201);
    const [row] = await rows(
      app,
      sql`select organization_id from invitations where id = ${sneaky.json().id}`,
    );
    assert.deepEqual(row, { organization_id: a.organizationId });
  });

  test('a user (not admin) sees the organization but cannot invite, re-send, revoke or read setup', async () => {
    assert.equal(
      (await app.request({ method: 'GET', url: '/api/v1/organization', as: aUser })).statusCode,
      200,
    );
    assert.equal(
      (await app.request({ method: 'GET', url: '/api/v1/organization/invitations', as: aUser })).statusCode,
      200,
    );
    const forbidden = [
      {
        method: 'POST' as const,
        url: '/api/v1/organization/invitations',
        payload: { email: 'nope@customer.test', role: 'user' },
      },
      { method: 'POST' as const, url: `/api/v1/organization/invitations/${bInvitation}/resend` },
      { method: 'DELETE' as const, url: `/api/v1/organization/invitations/${bInvitation}` },
      { method: 'GET' as const, url: '/api/v1/organization/setup' },
      { method: 'POST' as const, url: '/api/v1/organization/setup/retry' },
    ];
    for (const call of forbidden) {
      const response = await app.request({ ...call, as: aUser });
      assert.equal(response.statusCode, 403, `${call.method} ${call.url}`);
      assert.equal(response.json().error.code, 'FORBIDDEN');
    }
  });

  test('without a session every customer route answers 401', async () => {
    for (const call of [
      { method: 'GET' as const, url: '/api/v1/me' },
      { method: 'GET' as const, url: '/api/v1/organization' },
      { method: 'GET' as const, url: '/api/v1/organization/invitations' },
      { method: 'GET' as const, url: '/api/v1/organization/setup' },
      {
        method: 'POST' as const,
        url: '/api/v1/organization/invitations',
        payload: { email: 'x@customer.test' },
      },
      { method: 'DELETE' as const, url: '/api/v1/sessions/current' },
    ]) {
      assert.equal((await app.request(call)).statusCode, 401, `${call.method} ${call.url}`);
    }
  });
});
