import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Headers, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { subscriptionBody } from '../../test/helpers/factories.ts';
import { setStaffPassword } from './service.ts';

describe('staff API tokens: scopes, expiry, listing, revocation; set-password ends access', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const mint = (as: Headers, payload: Record<string, unknown>) =>
    app.request({ method: 'POST', url: '/api/v1/staff/api-tokens', payload, as });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const listSubscriptions = (token: string) =>
    app.request({ method: 'GET', url: '/api/v1/subscriptions', headers: bearer(token) });

  test('a token does only what its scopes name, and never more than its owner holds', async () => {
    const staff = await app.staff(['sales', 'support']);
    const created = await mint(staff, { name: 'read-only', roles: ['support'] });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().roles, ['support']);
    const { token } = created.json();
    assert.equal((await listSubscriptions(token)).statusCode, 200);
    const write = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody(),
      headers: bearer(token),
    });
    assert.equal(write.statusCode, 403, 'support scope cannot create subscriptions');

    const beyond = await mint(staff, { name: 'escalate', roles: ['admin'] });
    assert.equal(beyond.statusCode, 400);
    assert.equal(beyond.json().error.details.fields[0].path, 'body.roles');
    const unknown = await mint(staff, { name: 'x', roles: ['boss'] });
    assert.equal(unknown.statusCode, 400);
  });

  test('minting needs a fresh sign-in (admins excepted), and a token cannot mint tokens', async () => {
    const support = await app.staff(['support']);
    app.clock.offsetMs = 11 * 60_000;
    try {
      const stale = await mint(support, { name: 'late' });
      assert.equal(stale.statusCode, 403);
      assert.equal(stale.json().error.code, 'FRESH_SIGN_IN_REQUIRED');
      assert.match(stale.json().error.message, /sign in again/);
    } finally {
      app.clock.offsetMs = 0;
    }
    const fresh = await mint(support, { name: 'now' });
    assert.equal(fresh.statusCode, 201, fresh.body);
    assert.deepEqual(fresh.json().roles, ['support']);
    const byToken = await app.request({
      method: 'POST',
      url: '/api/v1/staff/api-tokens',
      payload: { name: 'chain' },
      headers: bearer(fresh.json().token),
    });
    assert.equal(byToken.statusCode, 403);
    assert.equal(byToken.json().error.code, 'FRESH_SIGN_IN_REQUIRED');

    const admin = await app.staff(['admin']);
    app.clock.offsetMs = 11 * 60_000;
    try {
      assert.equal((await mint(admin, { name: 'admin later' })).statusCode, 201);
    } finally {
      app.clock.offsetMs = 0;
    }
  });

  test('tokens expire (90 days by default, as asked otherwise, at most 365)', async () => {
    const sales = await app.staff(['sales']);
    const short = (await mint(sales, { name: 'one day', expiresInDays: 1 })).json();
    const standard = (await mint(sales, { name: 'default' })).json();
    const days = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 86_400_000);
    assert.equal(days(standard.expiresAt), 90);
    assert.equal((await mint(sales, { name: 'long', expiresInDays: 366 })).statusCode, 400);
    app.clock.offsetMs = 86_400_000 + 1000;
    try {
      assert.equal((await listSubscriptions(short.token)).statusCode, 401);
      assert.equal((await listSubscriptions(standard.token)).statusCode, 200);
    } finally {
      app.clock.offsetMs = 0;
    }
  });

  test('members list and revoke their own tokens; admins see and revoke everyone’s', async () => {
    const sales = await app.staff(['sales']);
    const other = await app.staff(['cx']);
    const mine = (await mint(sales, { name: 'mine' })).json();
    const theirs = (await mint(other, { name: 'theirs' })).json();

    const list = await app.request({ method: 'GET', url: '/api/v1/staff/api-tokens', as: sales });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((t: { name: string; status: string }) => [t.name, t.status]),
      [['mine', 'active']],
    );
    assert.equal(JSON.stringify(list.json()).includes(mine.token), false, 'the secret is never listed');
    const everyone = await app.request({
      method: 'GET',
      url: '/api/v1/staff/api-tokens?all=true',
      as: sales,
    });
    assert.equal(everyone.statusCode, 403);

    const notMine = await app.request({
      method: 'DELETE',
      url: `/api/v1/staff/api-tokens/${theirs.id}`,
      as: sales,
    });
    assert.equal(notMine.statusCode, 404);
    assert.equal(notMine.json().error.code, 'API_TOKEN_NOT_FOUND');
    const revoked = await app.request({
      method: 'DELETE',
      url: `/api/v1/staff/api-tokens/${mine.id}`,
      as: sales,
    });
    assert.equal(revoked.statusCode, 204);
    assert.equal((await listSubscriptions(mine.token)).statusCode, 401);

    const admin = await app.staff(['admin']);
    const all = await app.request({ method: 'GET', url: '/api/v1/staff/api-tokens?all=true', as: admin });
    const names = all.json().items.map((t: { name: string; status: string }) => `${t.name}:${t.status}`);
    assert.ok(names.includes('mine:revoked') && names.includes('theirs:active'));
    const byAdmin = await app.request({
      method: 'DELETE',
      url: `/api/v1/staff/api-tokens/${theirs.id}`,
      as: admin,
    });
    assert.equal(byAdmin.statusCode, 204);
    assert.equal((await listSubscriptions(theirs.token)).statusCode, 401);
    const bad = await app.request({
      method: 'DELETE',
      url: '/api/v1/staff/api-tokens/not-a-uuid',
      as: admin,
    });
    assert.equal(bad.statusCode, 400);
  });

  test('set-password changes only the password and ends that member’s sessions and tokens', async () => {
    const support = await app.staff(['support']);
    const token = (await mint(support, { name: 'script' })).json().token;
    const other = await app.staff(['support']);
    const done = await setStaffPassword(app.ctx, support.email, 'Brand-New-Pass-7', {
      actor: { type: 'system' },
    });
    assert.deepEqual(done, { email: support.email, sessionsEnded: 1, tokensRevoked: 1 });
    assert.equal(
      (await app.request({ method: 'GET', url: '/api/v1/staff/me', as: support })).statusCode,
      401,
    );
    assert.equal((await listSubscriptions(token)).statusCode, 401);
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/staff/me', as: other })).statusCode, 200);
    const signedIn = await app.request({
      method: 'POST',
      url: '/api/v1/staff/sessions',
      payload: { email: support.email, password: 'Brand-New-Pass-7' },
    });
    assert.equal(signedIn.statusCode, 201);
    assert.deepEqual(signedIn.json().staff.roles, ['support'], 'roles unchanged');
  });
});
