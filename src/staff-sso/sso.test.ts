import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { startOpenIdProvider, type TestOpenIdProvider } from '../../test/helpers/oidc-provider.ts';
import { freePort } from '../../test/helpers/processes.ts';
import { rows } from '../../test/helpers/sql.ts';
import { safeReturnTo } from './service.ts';

const redirectUri = 'http://onramp.test/console/sso/callback';

function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

describe('staff single sign-on against a real OpenID provider', () => {
  let provider: TestOpenIdProvider;
  let app: TestApp;
  before(async () => {
    provider = await startOpenIdProvider(redirectUri);
    app = await startTestApp({ env: provider.env() });
    provider.accounts.set('ada', { email: 'ada@corp.test', name: 'Ada Lovelace', groups: ['cx', 'support'] });
    provider.accounts.set('nobody', { email: 'nobody@corp.test', name: 'No Role', groups: ['marketing'] });
  });
  after(async () => {
    await app.close();
    await provider.close();
  });

  /** "Sign in with SSO" up to the provider's answer: the binding cookie and the query string. */
  async function startAndSignIn(login: string, returnTo?: string) {
    const started = await app.request({
      method: 'POST',
      url: '/api/v1/staff/sso/start',
      payload: returnTo ? { returnTo } : {},
    });
    assert.equal(started.statusCode, 201, started.body);
    const binding = cookieOf(started, 'onramp_staff_sso');
    assert.ok(binding);
    const url = new URL(started.json().authorizationUrl);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(url.searchParams.get('state') && url.searchParams.get('nonce'));
    const search = await provider.signIn(url.href, login);
    return { binding, search };
  }

  const finish = (binding: string | undefined, search: string) =>
    app.request({
      method: 'POST',
      url: '/api/v1/staff/sso/callback',
      payload: { search },
      headers: binding ? { cookie: `onramp_staff_sso=${binding}` } : {},
    });

  test('signs a new member in with the roles of their groups, once per answer, and audits it', async () => {
    const options = await app.request({ method: 'GET', url: '/api/v1/staff/sign-in-options' });
    assert.deepEqual(options.json(), { sso: true, password: true });
    const { binding, search } = await startAndSignIn('ada', '/console/verification');
    const done = await finish(binding, search);
    assert.equal(done.statusCode, 201, done.body);
    assert.deepEqual(done.json().staff.roles, ['cx', 'support']);
    assert.equal(done.json().returnTo, '/console/verification');
    const session = cookieOf(done, 'onramp_staff');
    const csrf = cookieOf(done, 'onramp_staff_csrf');
    assert.ok(session && csrf);
    const as = { cookie: `onramp_staff=${session}; onramp_staff_csrf=${csrf}`, 'x-csrf-token': csrf };
    const me = await app.request({ method: 'GET', url: '/api/v1/staff/me', as });
    assert.equal(me.json().email, 'ada@corp.test');
    assert.equal(me.json().name, 'Ada Lovelace');
    const token = await app.request({
      method: 'POST',
      url: '/api/v1/staff/api-tokens',
      payload: { name: 'script' },
      as,
    });
    assert.equal(token.statusCode, 201, 'a fresh SSO sign-in counts as fresh');

    const replay = await finish(binding, search);
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.json().error.code, 'SSO_REQUEST_UNKNOWN');

    provider.accounts.set('ada', { email: 'ada@corp.test', name: 'Ada Lovelace', groups: ['admin'] });
    const second = await startAndSignIn('ada');
    const again = await finish(second.binding, second.search);
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json().staff.roles, ['admin']);
    assert.equal(again.json().returnTo, '/console');
    assert.equal(
      again.json().staff.id,
      done.json().staff.id,
      'the same member, linked by issuer and subject',
    );

    const audit = await rows(
      app,
      sql`select action, data from audit_events where actor_id = ${done.json().staff.id} order by id`,
    );
    assert.deepEqual(
      audit.map((r) => String(r.action)).filter((a) => a.startsWith('staff.')),
      [
        'staff.created',
        'staff.signed_in',
        'staff.api_token_created',
        'staff.roles_changed',
        'staff.signed_in',
      ],
    );
    assert.equal((audit[1]?.data as { method?: string } | undefined)?.method, 'sso');
    const stored = await rows(app, sql`select password_hash from staff_users where email = 'ada@corp.test'`);
    assert.deepEqual(stored, [{ password_hash: null }], 'no password for an SSO-only member');
    const passwordTry = await app.request({
      method: 'POST',
      url: '/api/v1/staff/sessions',
      payload: { email: 'ada@corp.test', password: 'anything-at-all' },
    });
    assert.equal(passwordTry.statusCode, 401);
  });

  test('a wrong state is refused, and the sign-in it hijacked cannot be finished afterwards', async () => {
    const { binding, search } = await startAndSignIn('ada');
    const tampered = new URLSearchParams(search);
    tampered.set('state', 'attacker-state');
    const wrong = await finish(binding, tampered.toString());
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.code, 'SSO_STATE_MISMATCH');
    assert.equal(cookieOf(wrong, 'onramp_staff'), undefined);
    const after = await finish(binding, search);
    assert.equal(after.json().error.code, 'SSO_REQUEST_UNKNOWN');
  });

  test('an answer without the browser binding (another browser, or login CSRF) is refused', async () => {
    const { search } = await startAndSignIn('ada');
    const foreign = await finish(undefined, search);
    assert.equal(foreign.statusCode, 400);
    assert.equal(foreign.json().error.code, 'SSO_REQUEST_UNKNOWN');
    const bogus = await finish('A'.repeat(43), search);
    assert.equal(bogus.json().error.code, 'SSO_REQUEST_UNKNOWN');
  });

  test('an expired code is refused calmly, in Korean too', async () => {
    provider.codeTtlSeconds = 1;
    try {
      const { binding, search } = await startAndSignIn('ada');
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const late = await app.request({
        method: 'POST',
        url: '/api/v1/staff/sso/callback',
        payload: { search },
        headers: { cookie: `onramp_staff_sso=${binding}`, 'accept-language': 'ko' },
      });
      assert.equal(late.statusCode, 400, late.body);
      assert.equal(late.json().error.code, 'SSO_CODE_REJECTED');
      assert.match(late.json().error.message, /로그인 제공자가 이 로그인을 받아들이지 않았습니다/);
    } finally {
      provider.codeTtlSeconds = 60;
    }
  });

  test('a provider account with no mapped role gets 403 and no session, and the refusal is audited', async () => {
    const { binding, search } = await startAndSignIn('nobody');
    const refused = await finish(binding, search);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'SSO_NO_ROLE');
    assert.match(refused.json().error.message, /nobody@corp\.test/);
    assert.equal(cookieOf(refused, 'onramp_staff'), undefined);
    assert.deepEqual(await rows(app, sql`select id from staff_users where email = 'nobody@corp.test'`), []);
    const audit = await rows(
      app,
      sql`select data->>'reason' as reason from audit_events where action = 'staff.sso_refused'`,
    );
    assert.deepEqual(audit, [{ reason: 'no_role' }]);
  });

  test('an existing password member is linked by verified email; an unverified email is refused', async () => {
    const existing = await app.staff(['support']);
    provider.accounts.set('grace', { email: existing.email.toUpperCase(), name: 'Grace', groups: ['sales'] });
    const { binding, search } = await startAndSignIn('grace');
    const linked = await finish(binding, search);
    assert.equal(linked.statusCode, 201, linked.body);
    assert.equal(linked.json().staff.email, existing.email);
    assert.deepEqual(linked.json().staff.roles, ['sales'], 'the provider decides the roles');

    provider.accounts.set('mallory', {
      email: 'mallory-unverified@corp.test',
      name: 'Mallory',
      groups: ['admin'],
      emailVerified: false,
    });
    const unverified = await startAndSignIn('mallory');
    const refused = await finish(unverified.binding, unverified.search);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'SSO_EMAIL_UNVERIFIED');
  });

  test('the provider’s own refusal (access_denied) and bad bodies are calm 4xx answers', async () => {
    const started = await app.request({ method: 'POST', url: '/api/v1/staff/sso/start', payload: {} });
    const binding = cookieOf(started, 'onramp_staff_sso');
    const state = new URL(started.json().authorizationUrl).searchParams.get('state') ?? '';
    const denied = await finish(
      binding,
      new URLSearchParams({ error: 'access_denied', state, iss: provider.issuer }).toString(),
    );
    assert.equal(denied.statusCode, 400, denied.body);
    assert.equal(denied.json().error.code, 'SSO_DENIED');
    for (const payload of [{}, { search: 1 }, { search: 'x'.repeat(9000) }]) {
      const bad = await app.request({ method: 'POST', url: '/api/v1/staff/sso/callback', payload });
      assert.equal(bad.statusCode, 400, JSON.stringify(payload));
    }
  });
});

describe('single sign-on settings', () => {
  test('SSO only (STAFF_PASSWORD_SIGNIN=0): password sign-in is refused with a pointer to SSO', async () => {
    const provider = await startOpenIdProvider(redirectUri);
    const app = await startTestApp({ env: provider.env({ STAFF_PASSWORD_SIGNIN: '0' }) });
    try {
      const options = await app.request({ method: 'GET', url: '/api/v1/staff/sign-in-options' });
      assert.deepEqual(options.json(), { sso: true, password: false });
      const password = await app.request({
        method: 'POST',
        url: '/api/v1/staff/sessions',
        payload: { email: 'someone@corp.test', password: 'whatever-it-is' },
      });
      assert.equal(password.statusCode, 403);
      assert.equal(password.json().error.code, 'PASSWORD_SIGNIN_DISABLED');
    } finally {
      await app.close();
      await provider.close();
    }
  });

  test('without SSO settings the endpoints say so; an unreachable provider is a 502 with a reference', async () => {
    const plain = await startTestApp();
    try {
      const options = await plain.request({ method: 'GET', url: '/api/v1/staff/sign-in-options' });
      assert.deepEqual(options.json(), { sso: false, password: true });
      const start = await plain.request({ method: 'POST', url: '/api/v1/staff/sso/start', payload: {} });
      assert.equal(start.statusCode, 404);
      assert.equal(start.json().error.code, 'SSO_NOT_CONFIGURED');
    } finally {
      await plain.close();
    }
    const closedPort = await freePort();
    const down = await startTestApp({
      env: {
        STAFF_OIDC_ISSUER: `http://127.0.0.1:${closedPort}`,
        STAFF_OIDC_CLIENT_ID: 'x',
        STAFF_OIDC_CLIENT_SECRET: 'y',
      },
    });
    try {
      const start = await down.request({ method: 'POST', url: '/api/v1/staff/sso/start', payload: {} });
      assert.equal(start.statusCode, 502);
      assert.equal(start.json().error.code, 'SSO_PROVIDER_UNAVAILABLE');
      assert.ok(start.json().error.reference);
    } finally {
      await down.close();
    }
  });

  const returnTos: [string | undefined, string][] = [
    [undefined, '/console'],
    ['/console/organizations/1', '/console/organizations/1'],
    ['/console?x=1', '/console'],
    ['https://evil.test/console', '/console'],
    ['//evil.test/console', '/console'],
    ['/console/\\evil', '/console'],
    ['/home', '/console'],
    ['/consolex', '/console'],
  ];
  for (const [given, expected] of returnTos) {
    test(`after signing in, land on ${expected} for ${JSON.stringify(given)}`, () => {
      assert.equal(safeReturnTo(given), expected);
    });
  }
});
