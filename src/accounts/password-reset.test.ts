import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { adminPassword, seedActivation, signInCustomer } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';

describe('"Forgot password?": customer password reset', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const ask = (email: string, remoteAddress = '10.80.0.1') =>
    app.request({ method: 'POST', url: '/api/v1/password-resets', payload: { email }, remoteAddress });
  const complete = (token: string, password: string) =>
    app.request({ method: 'POST', url: '/api/v1/password-resets/complete', payload: { token, password } });
  const linkIn = (text: string) => /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

  test('a link by email sets a new password once, ends every session, and answers the same for a stranger', async () => {
    const org = await seedActivation(app, { activation: { companyName: 'Reset Co' } });
    const session = await signInCustomer(app, { email: org.adminEmail });
    const known = await ask(org.adminEmail.toUpperCase());
    const stranger = await ask('nobody-at-all@customer.test');
    assert.equal(known.statusCode, 202);
    assert.deepEqual(stranger.json(), known.json());

    const [mail] = await app.waitForMail(org.adminEmail, 'Reset your Onramp password');
    const token = linkIn(mail?.text ?? '');
    assert.ok(token, mail?.text);
    assert.match(mail?.text ?? '', /works once and expires on/);
    const check = await app.request({ method: 'GET', url: `/api/v1/password-resets/${token}` });
    assert.equal(check.statusCode, 200);
    assert.equal(check.json().email.toLowerCase(), org.adminEmail.toLowerCase());

    const weak = await complete(token, 'short');
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.details.fields[0].path, 'body.password');
    const [parallelA, parallelB] = await Promise.all([
      complete(token, 'New-Password-42'),
      complete(token, 'Other-Password-43'),
    ]);
    assert.deepEqual(
      [parallelA.statusCode, parallelB.statusCode].sort(),
      [204, 409],
      'single use under a race',
    );
    const again = await complete(token, 'Third-Password-44');
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'PASSWORD_RESET_USED');

    assert.equal((await app.request({ method: 'GET', url: '/api/v1/me', as: session })).statusCode, 401);
    const winner = parallelA.statusCode === 204 ? 'New-Password-42' : 'Other-Password-43';
    const signIn = (password: string) =>
      app.request({ method: 'POST', url: '/api/v1/sessions', payload: { email: org.adminEmail, password } });
    assert.equal((await signIn(adminPassword)).statusCode, 401);
    assert.equal((await signIn(winner)).statusCode, 201);
    const audit = await rows(
      app,
      sql`select action from audit_events where organization_id = ${org.organizationId}
          and action like 'customer.password_reset%' order by id`,
    );
    assert.deepEqual(
      audit.map((r) => r.action),
      ['customer.password_reset_requested', 'customer.password_reset'],
    );
    assert.equal(
      JSON.stringify(await rows(app, sql`select * from password_reset_tokens`)).includes(token),
      false,
      'stored only as a hash',
    );
  });

  test('links expire after an hour; unknown and malformed links get their own calm answers', async () => {
    const org = await seedActivation(app, { activation: { companyName: 'Expiry Co' } });
    await ask(org.adminEmail, '10.80.0.2');
    const [mail] = await app.waitForMail(org.adminEmail, 'Reset your Onramp password');
    const token = linkIn(mail?.text ?? '');
    app.clock.offsetMs = 3600_000 + 1000;
    try {
      const late = await complete(token, 'New-Password-42');
      assert.equal(late.statusCode, 410);
      assert.equal(late.json().error.code, 'PASSWORD_RESET_EXPIRED');
    } finally {
      app.clock.offsetMs = 0;
    }
    const unknown = await complete('A'.repeat(43), 'New-Password-42');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'PASSWORD_RESET_INVALID');
    const odd = await app.request({ method: 'GET', url: '/api/v1/password-resets/%00%3Cscript%3E' });
    assert.ok([400, 404].includes(odd.statusCode), String(odd.statusCode));
  });

  test('an email in several organizations gets one link for each, and requests are rate limited', async () => {
    const email = 'several-resets@customer.test';
    for (const companyName of ['Multi One', 'Multi Two']) {
      await seedActivation(app, {
        activation: { companyName, admin: { firstName: 'M', lastName: 'R', email, password: adminPassword } },
      });
    }
    await ask(email, '10.80.0.3');
    const [mail] = await app.waitForMail(email, 'Reset your Onramp password');
    assert.match(mail?.text ?? '', /Choose a new password for Multi One/);
    assert.match(mail?.text ?? '', /Choose a new password for Multi Two/);
    for (let i = 0; i < 4; i++) assert.equal((await ask(email, `10.80.1.${i}`)).statusCode, 202);
    const jobs = await rows(
      app,
      sql`select count(*)::int as n from pgboss.job where name = 'password-reset' and data->>'email' = ${email}`,
    );
    assert.deepEqual(jobs, [{ n: 3 }], 'three an hour per address, whatever the answer says');
    const perClient = [];
    for (let i = 0; i < 6; i++) perClient.push((await ask(`x${i}@customer.test`, '10.80.2.1')).statusCode);
    assert.deepEqual(perClient.slice(4), [202, 429]);
  });
});
