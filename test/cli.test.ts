import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { cleanUpAfterSuite } from './helpers/cleanup.ts';
import { createPostgresDatabase, testDatabaseUrl } from './helpers/databases.ts';
import { runCli } from './helpers/processes.ts';

/** `subscription create` of a paid Korean subscription for 'CLI Co', with these products. */
function createPaidSubscription(env: Record<string, string>, products: string[]) {
  return runCli(
    [
      '--json',
      'subscription',
      'create',
      '--company',
      'CLI Co',
      '--contact-name',
      'Kim',
      '--contact-email',
      'kim@cli.test',
    ].concat(['--locale', 'ko', '--currency', 'krw', '--rate-plan', 'annual'], products),
    env,
  );
}

describe('the command line', () => {
  const cleanup = cleanUpAfterSuite();

  test('staff and subscription commands, with --json and clear errors', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'onramp-cli-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { DATA_DIR: dataDir };

    const migrated = await runCli(['--json', 'migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.ok(JSON.parse(migrated.stdout).applied.length >= 1);
    assert.match((await runCli(['migrate'], env)).stdout, /up to date/);

    const help = await runCli(['subscription', 'create', '--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--product <sku:quantity>/);

    const staff = await runCli(
      ['--json', 'staff', 'create', '--email', 'rep@onramp.test', '--roles', 'sales,cx'],
      env,
    );
    assert.equal(staff.code, 0, staff.stderr);
    const created = JSON.parse(staff.stdout);
    assert.deepEqual(created.roles, ['sales', 'cx']);
    assert.ok(created.password);
    const duplicate = await runCli(['staff', 'create', '--email', 'REP@onramp.test'], env);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /STAFF_EMAIL_TAKEN/);
    assert.match(
      (await runCli(['staff', 'create', '--email', 'x@onramp.test', '--roles', 'boss'], env)).stderr,
      /unknown role/,
    );

    const sub = await createPaidSubscription(env, ['--product', 'cx-2:5', '--product', 'wem-addon:5']);
    assert.equal(sub.code, 0, sub.stderr);
    const subscription = JSON.parse(sub.stdout);
    assert.equal(subscription.kind, 'paid');
    assert.equal(subscription.currency, 'KRW');
    assert.equal(subscription.products.length, 2);

    const invalid = await runCli(
      [
        'subscription',
        'create',
        '--company',
        'X',
        '--contact-name',
        'Y',
        '--contact-email',
        'nope',
        '--product',
        'cx-2:0',
      ],
      env,
    );
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /contact\.email: must be a valid email address/);
    assert.match(invalid.stderr, /products\.0\.quantity: must be at least 1/);
    assert.match(invalid.stderr, /trialDays: is required for a trial/);

    const resend = await runCli(['--json', 'subscription', 'resend', subscription.id], env);
    assert.equal(resend.code, 0, resend.stderr);
    assert.ok(JSON.parse(resend.stdout).activationLink.expiresAt);
    assert.match(
      (await runCli(['subscription', 'resend', 'not-a-uuid'], env)).stderr,
      /not a subscription ID/,
    );

    const cancelled = await runCli(
      ['--json', 'subscription', 'cancel', subscription.id, '--reason', 'test'],
      env,
    );
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(JSON.parse(cancelled.stdout).status, 'cancelled');
    const other = await createPaidSubscription(env, ['--product', 'cx-2:5']);
    assert.equal(other.code, 0, other.stderr);

    const table = await runCli(['subscription', 'list', '--status', 'pending'], env);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /CLI Co\s+kim@cli\.test\s+paid KRW\s+pending/);

    const token = await runCli(
      ['--json', 'staff', 'tokens', 'create', '--email', 'rep@onramp.test', '--name', 'ci', '--roles', 'cx'],
      env,
    );
    assert.equal(token.code, 0, token.stderr);
    const minted = JSON.parse(token.stdout);
    assert.match(minted.token, /^onr_/);
    assert.deepEqual(minted.roles, ['cx']);
    const beyond = await runCli(
      ['staff', 'tokens', 'create', '--email', 'rep@onramp.test', '--name', 'x', '--roles', 'admin'],
      env,
    );
    assert.equal(beyond.code, 1);
    assert.match(beyond.stderr, /roles: must be roles the account holds/);
    const listed = await runCli(['--json', 'staff', 'tokens', 'list', '--email', 'rep@onramp.test'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((t: { id: string; status: string }) => [t.id, t.status]),
      [[minted.id, 'active']],
    );
    const second = JSON.parse(
      (
        await runCli(
          ['--json', 'staff', 'tokens', 'create', '--email', 'rep@onramp.test', '--name', 'two'],
          env,
        )
      ).stdout,
    );
    const revoked = await runCli(['staff', 'tokens', 'revoke', second.id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(
      (await runCli(['staff', 'tokens', 'list'], env)).stdout,
      /revoked\s+rep@onramp\.test\s+"two"/,
    );

    const reset = await runCli(['--json', 'staff', 'set-password', 'rep@onramp.test'], env);
    assert.equal(reset.code, 0, reset.stderr);
    assert.deepEqual(
      { ...JSON.parse(reset.stdout), password: undefined },
      { email: 'rep@onramp.test', sessionsEnded: 0, tokensRevoked: 1, password: undefined },
    );
    const afterReset = JSON.parse((await runCli(['--json', 'staff', 'tokens', 'list'], env)).stdout);
    assert.deepEqual(
      afterReset.map((t: { status: string }) => t.status),
      ['revoked', 'revoked'],
    );
    const missing = await runCli(['staff', 'set-password', 'nobody@onramp.test'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /STAFF_NOT_FOUND/);
  });

  test('webhook commands: create, list, update, test, deliveries, rotate, delete, with clear errors', async () => {
    let env: Record<string, string>;
    if (testDatabaseUrl) {
      const database = await createPostgresDatabase();
      cleanup.push(database.drop);
      env = { DATABASE_URL: database.url };
    } else {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'onramp-cli-webhooks-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      env = { DATA_DIR: dataDir };
    }
    const cli = (...args: string[]) => runCli(args, env);

    const badUrl = await cli('webhooks', 'create', '--url', 'hooks.example.com', '--events', 'all');
    assert.equal(badUrl.code, 1);
    assert.match(badUrl.stderr, /VALIDATION_FAILED/);
    assert.match(badUrl.stderr, /url: must be a full URL/);
    const badEvent = await cli(
      'webhooks',
      'create',
      '--url',
      'https://hooks.example.com',
      '--events',
      'org.boom',
    );
    assert.equal(badEvent.code, 1);
    assert.match(badEvent.stderr, /unknown event type org\.boom/);

    const created = await cli(
      '--json',
      'webhooks',
      'create',
      '--url',
      'https://hooks.example.com/in',
      '--events',
      'all',
    );
    assert.equal(created.code, 0, created.stderr);
    const endpoint = JSON.parse(created.stdout) as { id: string; secret: string; events: string[] };
    assert.match(endpoint.secret, /^whsec_/);
    assert.equal(endpoint.events.length, 12);
    const human = await cli(
      'webhooks',
      'create',
      '--url',
      'https://crm.example.com',
      '--events',
      'organization.verified',
    );
    assert.match(human.stdout, /Signing secret \(shown only now\): whsec_/);

    const list = await cli('webhooks', 'list');
    assert.match(list.stdout, /https:\/\/hooks\.example\.com\/in\s+enabled\s+12/);
    assert.ok(!list.stdout.includes(endpoint.secret), 'the list never shows a secret');

    assert.equal((await cli('webhooks', 'update', endpoint.id, '--enabled', 'no')).code, 0);
    const refused = await cli('webhooks', 'test', endpoint.id);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /WEBHOOK_ENDPOINT_DISABLED/);
    assert.equal((await cli('webhooks', 'update', endpoint.id, '--enabled', 'yes')).code, 0);
    const sent = await cli('webhooks', 'test', endpoint.id);
    assert.equal(sent.code, 0, sent.stderr);
    const deliveries = await cli('--json', 'webhooks', 'deliveries', endpoint.id);
    const page = JSON.parse(deliveries.stdout) as { items: { eventType: string; status: string }[] };
    assert.deepEqual(
      page.items.map((d) => [d.eventType, d.status]),
      [['webhook.test', 'pending']],
      'queued for the running server to deliver',
    );

    const rotated = await cli('--json', 'webhooks', 'rotate-secret', endpoint.id);
    assert.notEqual(JSON.parse(rotated.stdout).secret, endpoint.secret);
    const missing = await cli('webhooks', 'retry', '00000000-0000-4000-8000-000000000000');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /WEBHOOK_DELIVERY_NOT_FOUND/);
    assert.match((await cli('webhooks', 'show', 'not-a-uuid')).stderr, /is not an endpoint ID/);
    assert.equal((await cli('webhooks', 'delete', endpoint.id)).code, 0);
    assert.doesNotMatch((await cli('webhooks', 'list')).stdout, /hooks\.example\.com\/in/);
  });
});
