import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { ConfigError, configWarnings, loadConfig } from './config.ts';

test('defaults give the embedded default on localhost:3000 with the demo on', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.embedded, true);
  assert.equal(config.demo, true);
  assert.equal(config.devMailbox, true);
  assert.equal(config.secureCookies, false);
  assert.match(config.dataDir, /\/data$/);
});

test('DATABASE_URL switches to PostgreSQL and turns the demo off by default', () => {
  const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/onramp' });
  assert.equal(config.embedded, false);
  assert.equal(config.demo, false);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://db/x', ONRAMP_DEMO: '1' }).demo, true);
});

test('PUBLIC_URL follows PORT, loses trailing slashes, and https makes cookies Secure', () => {
  assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
  const config = loadConfig({ PUBLIC_URL: 'https://onramp.example.com/' });
  assert.equal(config.publicUrl, 'https://onramp.example.com');
  assert.equal(config.secureCookies, true);
});

test('DATABASE_POOL_SIZE: ten connections by default, or the number given', () => {
  assert.equal(loadConfig({}).databasePoolSize, 10);
  assert.equal(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize, 25);
});

test('UV_THREADPOOL_SIZE: a thread per core (at least two) by default, or the number given', () => {
  assert.equal(loadConfig({}).threadPoolSize, Math.max(2, availableParallelism()));
  assert.equal(loadConfig({ UV_THREADPOOL_SIZE: '6' }).threadPoolSize, 6);
});

test('PASSWORD_HASH_CONCURRENCY: one more than the pool by default, or the number given', () => {
  const pool = Math.max(2, availableParallelism());
  assert.equal(loadConfig({}).passwordHashConcurrency, pool + 1);
  assert.equal(loadConfig({ PASSWORD_HASH_CONCURRENCY: '' }).passwordHashConcurrency, pool + 1);
  assert.equal(loadConfig({ UV_THREADPOOL_SIZE: '1' }).passwordHashConcurrency, 2);
  assert.equal(loadConfig({ PASSWORD_HASH_CONCURRENCY: '3' }).passwordHashConcurrency, 3);
});

test('WEBHOOK_RETENTION_DAYS: the delivery log keeps 30 days by default, or the days given', () => {
  assert.equal(loadConfig({}).webhooks.retentionDays, 30);
  assert.equal(loadConfig({ WEBHOOK_RETENTION_DAYS: '90' }).webhooks.retentionDays, 90);
});

test('production hides the dev mailbox', () => {
  assert.equal(loadConfig({ NODE_ENV: 'production' }).devMailbox, false);
});

test('production without SMTP_URL is warned about where emails are sent, and only there', () => {
  const cases: [Record<string, string>, number][] = [
    [{}, 0],
    [{ NODE_ENV: 'production' }, 1],
    [{ NODE_ENV: 'production', ONRAMP_ROLE: 'worker' }, 1],
    // A web process sends nothing; its workers are warned.
    [{ NODE_ENV: 'production', ONRAMP_ROLE: 'web' }, 0],
    [{ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.internal:587' }, 0],
  ];
  for (const [env, count] of cases) {
    const warnings = configWarnings(loadConfig(env));
    assert.equal(warnings.length, count, JSON.stringify(env));
    for (const warning of warnings) assert.match(warning, /SMTP_URL/);
  }
});

const sso = {
  STAFF_OIDC_ISSUER: 'https://id.example.com',
  STAFF_OIDC_CLIENT_ID: 'onramp',
  STAFF_OIDC_CLIENT_SECRET: 'hunter2',
};

const invalid: [Record<string, string>, RegExp][] = [
  [{ PORT: 'abc' }, /^Invalid configuration: PORT .*\(got "abc"\)$/],
  [{ PORT: '70000' }, /^Invalid configuration: PORT /],
  [{ PUBLIC_URL: 'ftp://x' }, /^Invalid configuration: PUBLIC_URL /],
  [{ DATABASE_URL: 'mysql://root@localhost/x' }, /^Invalid configuration: DATABASE_URL /],
  [
    { DATABASE_URL: 'postgres://u:secret@host/db', SMTP_URL: 'http://mail' },
    /^Invalid configuration: SMTP_URL /,
  ],
  [
    { ONRAMP_STAFF_EMAIL: 'not-an-email', ONRAMP_STAFF_PASSWORD: 'x' },
    /^Invalid configuration: ONRAMP_STAFF_EMAIL /,
  ],
  [{ ONRAMP_STAFF_EMAIL: 'a@b.co' }, /ONRAMP_STAFF_EMAIL and ONRAMP_STAFF_PASSWORD must be set together/],
  [{ ONRAMP_DEMO: 'yes' }, /^Invalid configuration: ONRAMP_DEMO /],
  [{ NODE_ENV: 'staging' }, /^Invalid configuration: NODE_ENV /],
  [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
  [{ PASSWORD_HASH_CONCURRENCY: '0' }, /^Invalid configuration: PASSWORD_HASH_CONCURRENCY /],
  [{ DATABASE_POOL_SIZE: '0' }, /^Invalid configuration: DATABASE_POOL_SIZE /],
  [{ PASSWORD_HASH_CONCURRENCY: 'many' }, /^Invalid configuration: PASSWORD_HASH_CONCURRENCY /],
  [{ UV_THREADPOOL_SIZE: '0' }, /^Invalid configuration: UV_THREADPOOL_SIZE /],
  [{ WEBHOOK_RETENTION_DAYS: '0' }, /^Invalid configuration: WEBHOOK_RETENTION_DAYS /],
  [{ WEBHOOK_RETENTION_DAYS: '1.5' }, /^Invalid configuration: WEBHOOK_RETENTION_DAYS /],
  [
    { STAFF_OIDC_ISSUER: 'https://id.example.com' },
    /STAFF_OIDC_CLIENT_ID and STAFF_OIDC_CLIENT_SECRET must be set together/,
  ],
  [
    { STAFF_OIDC_ISSUER: 'not a url', STAFF_OIDC_CLIENT_ID: 'a', STAFF_OIDC_CLIENT_SECRET: 'b' },
    /^Invalid configuration: STAFF_OIDC_ISSUER /,
  ],
  [
    { ...sso, NODE_ENV: 'production', STAFF_OIDC_ISSUER: 'http://id.example.com' },
    /must be an https:\/\/ address in production/,
  ],
  [
    { ...sso, STAFF_OIDC_ROLE_MAP: 'admins=root' },
    /STAFF_OIDC_ROLE_MAP entry "admins=root" must be claim-value=role/,
  ],
  [{ ...sso, STAFF_OIDC_ROLE_MAP: '=admin' }, /STAFF_OIDC_ROLE_MAP entry "=admin"/],
  [{ STAFF_PASSWORD_SIGNIN: '0' }, /STAFF_PASSWORD_SIGNIN=0 needs single sign-on/],
];

test('staff single sign-on: the three settings together, a role map, and SSO-only sign-in', () => {
  assert.equal(loadConfig({}).staffSso, undefined);
  assert.equal(loadConfig({}).staffPasswordSignIn, true);
  const config = loadConfig({
    ...sso,
    PUBLIC_URL: 'https://onramp.example.com/',
    STAFF_OIDC_ROLE_MAP: 'onramp-admins=admin, cx-team=cx+support,cx-team=sales',
    STAFF_PASSWORD_SIGNIN: '0',
  });
  assert.deepEqual(config.staffSso?.roleMap, {
    'onramp-admins': ['admin'],
    'cx-team': ['cx', 'support', 'sales'],
  });
  assert.equal(config.staffSso?.redirectUri, 'https://onramp.example.com/console/sso/callback');
  assert.equal(config.staffSso?.rolesClaim, 'groups');
  assert.equal(config.staffPasswordSignIn, false);
  assert.throws(
    () => loadConfig({ ...sso, STAFF_OIDC_CLIENT_SECRET: '', STAFF_OIDC_ROLE_MAP: 'x' }),
    (error: Error) => !error.message.includes('hunter2'),
  );
});

for (const [env, message] of invalid) {
  test(`a bad value stops start-up with one line naming it: ${JSON.stringify(env)}`, () => {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        assert.equal(error.message.includes('\n'), false);
        return true;
      },
    );
  });
}

test('secrets in a bad value are not echoed', () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'postgres://user:hunter2@db/x', PORT: 'x' }),
    (error: Error) => !error.message.includes('hunter2'),
  );
  assert.throws(
    () => loadConfig({ ONRAMP_STAFF_EMAIL: 'bad', ONRAMP_STAFF_PASSWORD: 'hunter2' }),
    (error: Error) => !error.message.includes('hunter2'),
  );
});
