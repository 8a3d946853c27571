import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp, testPassword } from '../../test/helpers/app.ts';
import { subscriptionBody } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';
import { staffAccess } from '../security/access.ts';
import { argon2Options, verifyPassword } from '../security/passwords.ts';

describe('staff permissions (data)', () => {
  const table: [string[], Parameters<typeof staffAccess.can>[1], boolean][] = [
    [['sales'], 'subscription:create', true],
    [['sales'], 'organization:verify', false],
    [['cx'], 'organization:verify', true],
    [['cx'], 'subscription:create', false],
    [['support'], 'organization:read', true],
    [['support'], 'subscription:resend', false],
    [['support'], 'organization:verify', false],
    [['admin'], 'staff:manage', true],
    [['admin'], 'organization:verify', true],
    [['sales', 'support'], 'audit:export', true],
    [[], 'subscription:read', false],
    [['unknown-role'], 'subscription:read', false],
  ];
  for (const [roles, permission, expected] of table) {
    test(`${roles.join('+') || 'no role'} ${expected ? 'may' : 'may not'} ${permission}`, () => {
      assert.equal(staffAccess.can(roles, permission), expected);
    });
  }
});

describe('staff sign-in and sessions', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const signIn = (email: string, password: string, ip = '10.2.0.1') =>
    app.request({
      method: 'POST',
      url: '/api/v1/staff/sessions',
      payload: { email, password },
      remoteAddress: ip,
    });

  test('sign-in sets an HttpOnly SameSite=Lax session cookie and a readable CSRF cookie', async () => {
    const { email } = await app.staff(['sales']);
    const response = await signIn(email.toUpperCase(), testPassword);
    assert.equal(response.statusCode, 201, response.body);
    const cookies = response.cookies as {
      name: string;
      httpOnly?: boolean;
      sameSite?: string;
      secure?: boolean;
      path?: string;
    }[];
    const session = cookies.find((c) => c.name === 'onramp_staff');
    const csrf = cookies.find((c) => c.name === 'onramp_staff_csrf');
    assert.equal(session?.httpOnly, true);
    assert.equal(session?.sameSite, 'Lax');
    assert.equal(session?.secure, undefined, 'not Secure on http');
    assert.equal(csrf?.httpOnly, undefined);
    assert.deepEqual(response.json().staff.roles, ['sales']);
  });

  test('a password hashed with older parameters is hashed anew at sign-in', async () => {
    const { email } = await app.staff(['sales']);
    const older = await hash(testPassword, { ...argon2Options, memoryCost: 19_456 });
    await rows(app, sql`update staff_users set password_hash = ${older} where email = ${email}`);
    const stored = async () =>
      (
        await rows<{ password_hash: string }>(
          app,
          sql`select password_hash from staff_users where email = ${email}`,
        )
      )[0]?.password_hash ?? '';
    const response = await signIn(email, testPassword, '10.2.0.9');
    assert.equal(response.statusCode, 201, response.body);
    assert.match(await stored(), /^\$argon2id\$v=19\$m=20480,t=2,p=1\$/);
    assert.equal(await verifyPassword(await stored(), testPassword), true);
    assert.equal((await signIn(email, 'Wrong-Password-1', '10.2.0.9')).statusCode, 401);
  });

  test('sessions are stored only as hashes', async () => {
    const headers = await app.staff(['sales']);
    const token = /onramp_staff=([^;]+)/.exec(headers.cookie ?? '')?.[1] ?? '';
    const stored = JSON.stringify(await rows(app, sql`select * from staff_sessions`));
    assert.equal(stored.includes(token), false);
  });

  test('an unknown email and a wrong password get the same answer', async () => {
    const { email } = await app.staff(['sales']);
    const wrong = await signIn(email, 'Wrong-Password-1');
    const unknown = await signIn('nobody@onramp.test', 'Wrong-Password-1');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().error.code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.json().error.message, unknown.json().error.message);
  });

  test('six failures in a row pause sign-in from that address for five minutes, for known and unknown emails alike', async () => {
    const { email } = await app.staff(['sales']);
    const statuses = async (who: string, address: string) => {
      const seen = [];
      for (let i = 0; i < 6; i++) seen.push((await signIn(who, 'Wrong-Password-1', address)).statusCode);
      return seen;
    };
    assert.deepEqual(await statuses(email, '10.3.0.1'), [401, 401, 401, 401, 401, 423]);
    assert.deepEqual(await statuses('nobody-here@onramp.test', '10.3.0.2'), [401, 401, 401, 401, 401, 423]);
    const locked = await signIn(email, testPassword, '10.3.0.1');
    assert.equal(locked.json().error.code, 'ACCOUNT_LOCKED');
    assert.ok(locked.json().error.details.lockedUntil);
    assert.equal(
      (await signIn(email, testPassword, '10.3.0.9')).statusCode,
      201,
      'another address is not locked',
    );
    app.clock.offsetMs = 5 * 60_000 + 1000;
    try {
      assert.equal((await signIn(email, testPassword, '10.3.0.1')).statusCode, 201);
    } finally {
      app.clock.offsetMs = 0;
    }
  });

  test('sign-in is rate limited per client address', async () => {
    const statuses = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await signIn(`x${i}@onramp.test`, 'Wrong-Password-1', '10.4.4.4')).statusCode);
    assert.deepEqual(statuses.slice(9), [401, 429, 429]);
  });

  test('guarded routes need a session (401) and the right role (403)', async () => {
    const anonymous = await app.request({ method: 'GET', url: '/api/v1/subscriptions' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'UNAUTHENTICATED');

    const support = await app.staff(['support']);
    assert.equal(
      (await app.request({ method: 'GET', url: '/api/v1/subscriptions', as: support })).statusCode,
      200,
    );
    const forbidden = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody(),
      as: support,
    });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().error.code, 'FORBIDDEN');
  });

  test('a cookie session must send the CSRF token with every change', async () => {
    const sales = await app.staff(['sales']);
    const withoutToken = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody(),
      headers: { cookie: sales.cookie },
    });
    assert.equal(withoutToken.statusCode, 403);
    assert.equal(withoutToken.json().error.code, 'CSRF_FAILED');
    const wrongToken = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody(),
      headers: { cookie: sales.cookie, 'x-csrf-token': 'forged' },
    });
    assert.equal(wrongToken.statusCode, 403);
    const reads = await app.request({
      method: 'GET',
      url: '/api/v1/subscriptions',
      headers: { cookie: sales.cookie },
    });
    assert.equal(reads.statusCode, 200, 'reads need no token');
  });

  test('a request from another site is refused', async () => {
    const sales = await app.staff(['sales']);
    const response = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody(),
      as: sales,
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error.code, 'CSRF_FAILED');
    const sameSite = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody(),
      as: sales,
      headers: { origin: 'http://onramp.test' },
    });
    assert.equal(sameSite.statusCode, 201);
  });

  test('sign-out ends the session', async () => {
    const sales = await app.staff(['sales']);
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/staff/me', as: sales })).statusCode, 200);
    assert.equal(
      (await app.request({ method: 'DELETE', url: '/api/v1/staff/sessions/current', as: sales })).statusCode,
      204,
    );
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/staff/me', as: sales })).statusCode, 401);
  });

  test('sessions expire after 12 idle hours', async () => {
    const sales = await app.staff(['sales']);
    app.clock.offsetMs = 13 * 3600_000;
    try {
      assert.equal(
        (await app.request({ method: 'GET', url: '/api/v1/staff/me', as: sales })).statusCode,
        401,
      );
    } finally {
      app.clock.offsetMs = 0;
    }
  });

  test('an API token acts as its owner without cookies or CSRF, and a bad token is refused', async () => {
    const sales = await app.staff(['sales']);
    const created = await app.request({
      method: 'POST',
      url: '/api/v1/staff/api-tokens',
      payload: { name: 'ci' },
      as: sales,
    });
    assert.equal(created.statusCode, 201, created.body);
    const { token } = created.json();
    assert.match(token, /^onr_/);
    const bearer = { authorization: `Bearer ${token}` };
    const response = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody(),
      headers: bearer,
    });
    assert.equal(response.statusCode, 201, response.body);
    const bad = await app.request({
      method: 'GET',
      url: '/api/v1/subscriptions',
      headers: { authorization: 'Bearer onr_nope' },
    });
    assert.equal(bad.statusCode, 401);
  });
});
