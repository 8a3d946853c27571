import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { type Headers, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { adminPassword, seedActivation, signInCustomer } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';
import { argon2Options, verifyPassword } from '../security/passwords.ts';
import { recordCustomerLogin } from './queries.ts';

describe('customer sign-in', () => {
  let app: TestApp;
  let single: Awaited<ReturnType<typeof seedActivation>>;
  const shared = 'grace@several.test';
  before(async () => {
    app = await startTestApp();
    single = await seedActivation(app, { activation: { companyName: 'Solo Ltd', region: 'eu-west-1' } });
    // One email, admin of two organizations.
    await seedActivation(app, {
      activation: {
        companyName: 'First Co',
        admin: { firstName: 'G', lastName: 'H', email: shared, password: adminPassword },
      },
    });
    await seedActivation(app, {
      activation: {
        companyName: 'Second Co',
        region: 'ap-northeast-1',
        admin: { firstName: 'G', lastName: 'H', email: 'GRACE@several.test', password: adminPassword },
      },
    });
  });
  after(() => app.close());

  const signIn = (payload: Record<string, unknown>, remoteAddress?: string) =>
    app.request({
      method: 'POST',
      url: '/api/v1/sessions',
      payload,
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  test('signs in with email and password, short name in any letter case, and sets HttpOnly Lax cookies', async () => {
    const plain = await signIn({ email: single.adminEmail, password: adminPassword });
    assert.equal(plain.statusCode, 201, plain.body);
    const body = plain.json();
    assert.equal(body.organization.shortName, 'sololtd');
    assert.equal(body.user.role, 'admin');
    assert.equal(body.next, 'setup');
    const cookies = plain.cookies as {
      name: string;
      httpOnly?: boolean;
      sameSite?: string;
      secure?: boolean;
    }[];
    assert.equal(cookies.find((c) => c.name === 'onramp_session')?.httpOnly, true);
    assert.equal(cookies.find((c) => c.name === 'onramp_session')?.sameSite, 'Lax');
    assert.equal(cookies.find((c) => c.name === 'onramp_csrf')?.httpOnly, undefined);
    const cased = await signIn({
      email: single.adminEmail.toUpperCase(),
      password: adminPassword,
      shortName: ' SoloLTD ',
    });
    assert.equal(cased.statusCode, 201);
  });

  test('an email in several organizations must choose, and learns the choices only with the right password', async () => {
    const choose = await signIn({ email: shared, password: adminPassword });
    assert.equal(choose.statusCode, 409);
    assert.equal(choose.json().error.code, 'ORGANIZATION_CHOICE_REQUIRED');
    assert.deepEqual(choose.json().error.details.organizations, [
      { shortName: 'firstco', region: 'us-east-1', name: 'First Co' },
      { shortName: 'secondco', region: 'ap-northeast-1', name: 'Second Co' },
    ]);
    const wrong = await signIn({ email: shared, password: 'Wrong-Password-1' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.details, undefined);
    const chosen = await signIn({ email: shared, password: adminPassword, shortName: 'SecondCo' });
    assert.equal(chosen.statusCode, 201);
    assert.equal(chosen.json().organization.region, 'ap-northeast-1');
  });

  test('an unknown email, a wrong password and an unknown short name get the same answer', async () => {
    const answers = [
      await signIn({ email: 'nobody@customer.test', password: adminPassword }),
      await signIn({ email: single.adminEmail, password: 'Wrong-Password-1' }),
      await signIn({ email: single.adminEmail, password: adminPassword, shortName: 'no-such-org' }),
    ];
    for (const answer of answers) {
      assert.equal(answer.statusCode, 401);
      const { reference: _reference, ...error } = answer.json().error;
      assert.deepEqual(error, {
        code: 'INVALID_CREDENTIALS',
        message: 'The email or password is not correct.',
      });
    }
  });

  test('six failures pause sign-in from that address for five minutes, even for the right password, then it reopens', async () => {
    const victim = await seedActivation(app, { activation: { companyName: 'Lock Co' } });
    const here = '10.70.0.1';
    for (let i = 0; i < 4; i++) {
      const answer = await signIn({ email: victim.adminEmail, password: `Wrong-${i}-Aa!` }, here);
      assert.equal(answer.statusCode, 401);
      assert.equal(answer.json().error.details, undefined);
    }
    const fifth = await signIn({ email: victim.adminEmail, password: 'Wrong-5-Aa!' }, here);
    assert.equal(fifth.statusCode, 401);
    assert.deepEqual(fifth.json().error.details, { attemptsLeft: 1 });
    assert.match(fifth.json().error.message, /One attempt is left/);
    const sixth = await signIn({ email: victim.adminEmail, password: 'Wrong-6-Aa!' }, here);
    assert.equal(sixth.statusCode, 423);
    assert.equal(sixth.json().error.code, 'ACCOUNT_LOCKED');
    const until = Date.parse(sixth.json().error.details.lockedUntil);
    assert.ok(until > Date.now() + 4 * 60_000 && until <= Date.now() + 5 * 60_000 + 1000);
    const right = await signIn({ email: victim.adminEmail, password: adminPassword }, here);
    assert.equal(right.statusCode, 423, 'the right password fails too while locked');
    const elsewhere = await signIn({ email: victim.adminEmail, password: adminPassword }, '10.70.0.2');
    assert.equal(elsewhere.statusCode, 201, 'an attacker elsewhere does not lock the owner out');
    app.clock.offsetMs = 5 * 60_000 + 1000;
    try {
      assert.equal(
        (await signIn({ email: victim.adminEmail, password: adminPassword }, here)).statusCode,
        201,
      );
    } finally {
      app.clock.offsetMs = 0;
    }
    const locked = await rows(
      app,
      sql`select count(*)::int as n from audit_events where organization_id = ${victim.organizationId} and action = 'customer.locked'`,
    );
    assert.deepEqual(locked, [{ n: 1 }]);
  });

  test('a successful sign-in clears the failures before it', async () => {
    const owner = await seedActivation(app, { activation: { companyName: 'Forgetful Co' } });
    const here = '10.70.1.1';
    const wrong = async (i: number) => {
      const answer = await signIn({ email: owner.adminEmail, password: `Wrong-${i}-Aa!` }, here);
      assert.equal(answer.statusCode, 401);
      assert.equal(answer.json().error.details, undefined, `failure ${i} leaves attempts`);
    };
    for (let i = 0; i < 4; i++) await wrong(i);
    assert.equal((await signIn({ email: owner.adminEmail, password: adminPassword }, here)).statusCode, 201);
    // Counted from the success on: four more are not the eighth, and nothing locks.
    for (let i = 4; i < 8; i++) await wrong(i);
    assert.equal((await signIn({ email: owner.adminEmail, password: adminPassword }, here)).statusCode, 201);
  });

  test('an email with no account locks exactly like one with an account', async () => {
    const known = await seedActivation(app, { activation: { companyName: 'Known Co' } });
    const answersFor = async (email: string, address: string) => {
      const answers = [];
      for (let i = 0; i < 7; i++) {
        const res = await signIn({ email, password: `Wrong-${i}-Aa!` }, address);
        const { reference: _r, details, ...error } = res.json().error;
        answers.push({ status: res.statusCode, error, details: details && Object.keys(details) });
      }
      return answers;
    };
    const forKnown = await answersFor(known.adminEmail, '10.71.0.1');
    const forUnknown = await answersFor('no-account@customer.test', '10.71.0.2');
    assert.deepEqual(forUnknown, forKnown);
    assert.deepEqual(
      forKnown.map((a) => a.status),
      [401, 401, 401, 401, 401, 423, 423],
    );
  });

  test('one password check per attempt: without a short name only the most recently used account is tried', async () => {
    const email = 'two-passwords@several.test';
    await seedActivation(app, {
      activation: {
        companyName: 'Older Co',
        admin: { firstName: 'T', lastName: 'P', email, password: 'Older-Password-1' },
      },
    });
    await seedActivation(app, {
      activation: {
        companyName: 'Newer Co',
        admin: { firstName: 'T', lastName: 'P', email, password: adminPassword },
      },
    });
    const older = await signIn({ email, password: 'Older-Password-1' }, '10.72.0.1');
    assert.equal(older.statusCode, 401, 'the older account is not checked without its short name');
    const named = await signIn({ email, password: 'Older-Password-1', shortName: 'olderco' }, '10.72.0.1');
    assert.equal(named.statusCode, 201);
    // Older Co is now the most recently used: its password offers the choice.
    const choose = await signIn({ email, password: 'Older-Password-1' }, '10.72.0.1');
    assert.equal(choose.statusCode, 409);
    assert.deepEqual(
      choose.json().error.details.organizations.map((o: { shortName: string }) => o.shortName),
      ['newerco', 'olderco'],
    );
  });

  test('sign-in is rate limited per client address and per email address', async () => {
    const perAddress = [];
    for (let i = 0; i < 22; i++)
      perAddress.push(
        (await signIn({ email: `x${i}@customer.test`, password: 'x' }, '10.66.0.1')).statusCode,
      );
    assert.deepEqual(perAddress.slice(19), [401, 429, 429]);
    const perEmail = [];
    for (let i = 0; i < 32; i++)
      perEmail.push(
        (await signIn({ email: 'target@customer.test', password: 'x' }, `10.67.0.${i}`)).statusCode,
      );
    assert.equal(perEmail[29], 401);
    assert.equal(perEmail[30], 429);
  });

  test('sessions are hashed, expire when idle or old, and end at sign-out', async () => {
    const headers = await signInCustomer(app, { email: single.adminEmail });
    const token = /onramp_session=([^;]+)/.exec(headers.cookie ?? '')?.[1] ?? '';
    assert.equal(
      JSON.stringify(await rows(app, sql`select * from customer_sessions`)).includes(token),
      false,
    );
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/me', as: headers })).statusCode, 200);
    app.clock.offsetMs = 13 * 3600_000;
    try {
      assert.equal(
        (await app.request({ method: 'GET', url: '/api/v1/me', as: headers })).statusCode,
        401,
        'idle for 13 hours',
      );
    } finally {
      app.clock.offsetMs = 0;
    }
    const fresh = await signInCustomer(app, { email: single.adminEmail });
    // Active every few hours, but more than 7 days after signing in.
    for (let hours = 10; hours <= 170; hours += 10) {
      app.clock.offsetMs = hours * 3600_000;
      const status = (await app.request({ method: 'GET', url: '/api/v1/me', as: fresh })).statusCode;
      assert.equal(status, hours < 168 ? 200 : 401, `after ${hours} hours`);
    }
    app.clock.offsetMs = 0;
    const out = await signInCustomer(app, { email: single.adminEmail });
    assert.equal(
      (await app.request({ method: 'DELETE', url: '/api/v1/sessions/current', as: out })).statusCode,
      204,
    );
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/me', as: out })).statusCode, 401);
  });

  test('every cookie-authenticated change needs the CSRF token', async () => {
    const headers = await signInCustomer(app, { email: single.adminEmail });
    const cookieOnly: Headers = { cookie: headers.cookie ?? '' };
    const changes = [
      {
        method: 'POST' as const,
        url: '/api/v1/organization/invitations',
        payload: { email: 'c@customer.test', role: 'user' },
      },
      { method: 'POST' as const, url: '/api/v1/organization/setup/retry' },
      {
        method: 'DELETE' as const,
        url: '/api/v1/organization/invitations/00000000-0000-4000-8000-000000000000',
      },
      {
        method: 'POST' as const,
        url: '/api/v1/organization/invitations/00000000-0000-4000-8000-000000000000/resend',
      },
      { method: 'DELETE' as const, url: '/api/v1/sessions/current' },
    ];
    for (const change of changes) {
      const response = await app.request({ ...change, as: cookieOnly });
      assert.equal(response.statusCode, 403, `${change.method} ${change.url}`);
      assert.equal(response.json().error.code, 'CSRF_FAILED');
    }
  });

  test('a password hashed with older parameters is hashed anew at sign-in, unless it changed meanwhile', async () => {
    const seeded = await seedActivation(app, { activation: { companyName: 'Rehash Co' } });
    const older = await hash(adminPassword, { ...argon2Options, memoryCost: 19_456 });
    const stored = async () => {
      const [row] = await rows<{ id: string; password_hash: string }>(
        app,
        sql`select id, password_hash from customer_users where email = ${seeded.adminEmail}`,
      );
      assert.ok(row);
      return row;
    };
    await rows(
      app,
      sql`update customer_users set password_hash = ${older} where email = ${seeded.adminEmail}`,
    );
    const first = await signIn({ email: seeded.adminEmail, password: adminPassword });
    assert.equal(first.statusCode, 201, first.body);
    const rehashed = (await stored()).password_hash;
    assert.match(rehashed, /^\$argon2id\$v=19\$m=20480,t=2,p=1\$/);
    assert.equal(await verifyPassword(rehashed, adminPassword), true);
    const again = await signIn({ email: seeded.adminEmail, password: adminPassword });
    assert.equal(again.statusCode, 201, again.body);
    assert.equal((await stored()).password_hash, rehashed, 'a current hash stays');
    // A sign-in that verified the older hash while the password changed: the new password stays.
    const { id } = await stored();
    await app.ctx.db.transaction((tx) =>
      recordCustomerLogin(tx, id, new Date(), { from: older, to: 'a rehash of the old password' }),
    );
    assert.equal((await stored()).password_hash, rehashed);
  });

  test('Secure cookies when the public address is https', async () => {
    const secure = await startTestApp({ env: { PUBLIC_URL: 'https://onramp.example.com' } });
    try {
      const activated = await seedActivation(secure);
      const response = await secure.request({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: activated.adminEmail, password: adminPassword },
      });
      const cookies = response.cookies as { name: string; secure?: boolean }[];
      assert.equal(cookies.find((c) => c.name === 'onramp_session')?.secure, true);
      assert.equal(cookies.find((c) => c.name === 'onramp_csrf')?.secure, true);
    } finally {
      await secure.close();
    }
  });

  test('staff and customer sessions are separate realms', async () => {
    const customer = await signInCustomer(app, { email: single.adminEmail });
    assert.equal(
      (await app.request({ method: 'GET', url: '/api/v1/staff/me', as: customer })).statusCode,
      401,
    );
    const staff = await app.staff(['admin']);
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/me', as: staff })).statusCode, 401);
  });
});
