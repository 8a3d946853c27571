import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { adminPassword, seedActivation, signInCustomer } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';

describe('Change password in the home page', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const change = (
    as: Record<string, string>,
    body: Record<string, unknown>,
    remoteAddress = '10.90.0.1',
    headers: Record<string, string> = {},
  ) =>
    app.request({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: body,
      as,
      remoteAddress,
      headers,
    });

  test('needs the current password, keeps this session, ends the others, and audits', async () => {
    const org = await seedActivation(app, { activation: { companyName: 'Change Co' } });
    const here = await signInCustomer(app, { email: org.adminEmail });
    const elsewhere = await signInCustomer(app, { email: org.adminEmail });

    const wrong = await change(here, { currentPassword: 'not-it', newPassword: 'Brand-New-Pass-1' });
    assert.equal(wrong.statusCode, 403);
    assert.equal(wrong.json().error.code, 'CURRENT_PASSWORD_INCORRECT');
    assert.equal(wrong.json().error.details.fields[0].path, 'body.currentPassword');
    const korean = await change(
      here,
      { currentPassword: 'not-it', newPassword: 'Brand-New-Pass-1' },
      '10.90.0.1',
      { 'accept-language': 'ko' },
    );
    assert.match(korean.json().error.message, /현재 비밀번호가 올바르지 않습니다/);

    const weak = await change(here, { currentPassword: adminPassword, newPassword: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.details.fields[0].path, 'body.newPassword');

    const ok = await change(here, { currentPassword: adminPassword, newPassword: 'Brand-New-Pass-1' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { sessionsEnded: 1 });
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/me', as: here })).statusCode, 200);
    assert.equal((await app.request({ method: 'GET', url: '/api/v1/me', as: elsewhere })).statusCode, 401);

    const signIn = (password: string) =>
      app.request({ method: 'POST', url: '/api/v1/sessions', payload: { email: org.adminEmail, password } });
    assert.equal((await signIn(adminPassword)).statusCode, 401);
    assert.equal((await signIn('Brand-New-Pass-1')).statusCode, 201);
    const audit = await rows(
      app,
      sql`select data from audit_events where organization_id = ${org.organizationId}
          and action = 'customer.password_changed'`,
    );
    assert.deepEqual(
      audit.map((r) => (r.data as { sessionsEnded: number }).sessionsEnded),
      [1],
    );
  });

  test('wrong guesses share the sign-in lockout: a warning on the fifth, 423 on the sixth', async () => {
    const org = await seedActivation(app, { activation: { companyName: 'Guess Co' } });
    const session = await signInCustomer(app, { email: org.adminEmail });
    const answers = [];
    for (let i = 0; i < 6; i++) {
      const r = await change(
        session,
        { currentPassword: `guess-${i}`, newPassword: 'Brand-New-Pass-2' },
        '10.90.0.2',
      );
      answers.push([r.statusCode, r.json().error.details?.attemptsLeft ?? null]);
    }
    assert.deepEqual(answers, [
      [403, null],
      [403, null],
      [403, null],
      [403, null],
      [403, 1],
      [423, null],
    ]);
    const locked = await change(
      session,
      { currentPassword: adminPassword, newPassword: 'Brand-New-Pass-2' },
      '10.90.0.2',
    );
    assert.equal(locked.statusCode, 423, 'the right password waits for the lock too');
    const signInLocked = await app.request({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: org.adminEmail, password: adminPassword },
      remoteAddress: '10.90.0.2',
    });
    assert.equal(signInLocked.statusCode, 423, 'one lockout for sign-in and password checks');
  });

  test('signed out, without CSRF, or with a bad body: no change and no 5xx', async () => {
    const org = await seedActivation(app, { activation: { companyName: 'Guard Co' } });
    const session = await signInCustomer(app, { email: org.adminEmail });
    const body = { currentPassword: adminPassword, newPassword: 'Brand-New-Pass-3' };
    const anonymous = await app.request({ method: 'POST', url: '/api/v1/me/password', payload: body });
    assert.equal(anonymous.statusCode, 401);
    const noCsrf = await app.request({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: body,
      headers: { cookie: session.cookie ?? '' },
    });
    assert.equal(noCsrf.statusCode, 403);
    for (const bad of [{}, { currentPassword: '' }, { currentPassword: 1, newPassword: [] }, []]) {
      const r = await change(session, bad as Record<string, unknown>);
      assert.equal(r.statusCode, 400, JSON.stringify(bad));
    }
    const signIn = await app.request({
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { email: org.adminEmail, password: adminPassword },
    });
    assert.equal(signIn.statusCode, 201, 'the password is unchanged');
  });
});
