import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret } from '../src/events/signing.ts';
import { type Cleanup, cleanUpAfterSuite } from './helpers/cleanup.ts';
import { createPostgresDatabase, requirePostgres } from './helpers/databases.ts';
import { activationBody, subscriptionBody } from './helpers/factories.ts';
import {
  activationTokenFromMailbox,
  client,
  type ServerProcess,
  staffClient,
  startServerProcess,
  testStaff,
  until,
} from './helpers/processes.ts';
import { type Receiver, startReceiver } from './helpers/receiver.ts';

/**
 * kill -9 of Onramp after it sent a request and before it heard the answer: the restarted process
 * sends it again with the same identity (webhook-id, Idempotency-Key), so the receiver can tell
 * it is a repeat, and settles it exactly once.
 */
type Backend = { env: Record<string, string>; drop(): Promise<unknown> };

async function postgres(): Promise<Backend> {
  const database = await createPostgresDatabase();
  return { env: { DATABASE_URL: database.url }, drop: database.drop };
}

async function embedded(): Promise<Backend> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'onramp-events-crash-'));
  return { env: { DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
}

/**
 * kill -9 of `first`, then `whenDead` (the receiver starts answering: the restarted process may
 * send as soon as it starts, before its banner is read), then the same service again.
 */
async function killAndRestart(
  first: ServerProcess,
  env: Record<string, string>,
  cleanup: Cleanup,
  whenDead: () => void,
): Promise<ServerProcess> {
  first.child.kill('SIGKILL');
  await first.exited;
  whenDead();
  const second = await startServerProcess({ ...env, ...testStaff });
  cleanup.push(second.stop);
  return second;
}

async function webhookScenario(backend: Backend, cleanup: Cleanup) {
  let answer = false;
  const receiver: Receiver = await startReceiver(() => (answer ? { status: 200 } : 'hang'));
  cleanup.push(() => receiver.close());
  const env = { ...backend.env, WEBHOOK_TIMEOUT_SECONDS: '2' };
  const first = await startServerProcess({ ...env, ...testStaff });
  cleanup.push(async () => first.child.kill('SIGKILL'));
  const ops = await staffClient(first.url);
  const endpoint = await ops.call('POST', '/api/v1/webhook-endpoints', {
    url: receiver.url,
    events: ['subscription.created'],
  });
  assert.equal(endpoint.status, 201);
  const created = await ops.call('POST', '/api/v1/subscriptions', subscriptionBody({ company: 'Kill Co' }));
  assert.equal(created.status, 201);
  await receiver.waitFor('the first attempt', (all) => all.length === 1);

  const second = await killAndRestart(first, env, cleanup, () => {
    answer = true;
  });
  await receiver.waitFor('the attempt after the restart', (all) => all.length === 2, 60_000);
  const [before, afterRestart] = receiver.received;
  assert.equal(afterRestart?.headers['webhook-id'], before?.headers['webhook-id'], 'the same webhook-id');
  assert.equal(afterRestart?.body, before?.body);
  new Webhook(endpoint.json.secret).verify(
    afterRestart?.body ?? '',
    afterRestart?.headers as Record<string, string>,
  );
  const reader = await staffClient(second.url);
  // On a slow machine an attempt may also time out (2 s) and be retried: "again" is at least
  // once more, always with the same webhook-id, and nothing after the delivery succeeded.
  await until(async () => {
    const log = await reader.call('GET', `/api/v1/webhook-endpoints/${endpoint.json.id}/deliveries`);
    return log.json.items[0]?.status === 'succeeded' && log.json.items[0]?.attempts >= 2;
  }, 60_000);
  const settledAt = receiver.received.length;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(receiver.received.length, settledAt, 'settled once: no request after success');
  assert.deepEqual(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size, 1);
}

async function connectorScenario(backend: Backend, cleanup: Cleanup) {
  const secret = newWebhookSecret();
  let answer = false;
  const receiver = await startReceiver(() => (answer ? { status: 200, body: '{"done":true}' } : 'hang'));
  cleanup.push(() => receiver.close());
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'onramp-connector-crash-')), 'connectors.json');
  await writeFile(
    file,
    JSON.stringify([
      {
        key: 'crm-account',
        name: { en: 'CRM account', ko: 'CRM 계정' },
        run: 'provisioning',
        url: receiver.url,
        timeoutSeconds: 2,
        secret,
      },
    ]),
  );
  const env = { ...backend.env, CONNECTORS_FILE: file };
  const first = await startServerProcess({ ...env, ...testStaff });
  cleanup.push(async () => first.child.kill('SIGKILL'));
  const sales = await staffClient(first.url);
  const body = subscriptionBody({ company: 'Connector Kill Co' });
  assert.equal((await sales.call('POST', '/api/v1/subscriptions', body)).status, 201);
  const token = await activationTokenFromMailbox(sales, body.contact.email);
  const activated = await client(first.url).call(
    'POST',
    `/api/v1/activations/${token}`,
    activationBody({ companyName: 'Connector Kill Co' }),
  );
  assert.equal(activated.status, 202);
  await receiver.waitFor('the connector call', (all) => all.length === 1);

  const second = await killAndRestart(first, env, cleanup, () => {
    answer = true;
  });
  const reader = client(second.url);
  await until(
    async () => (await reader.call('GET', `/api/v1/activations/${token}/progress`)).json.state === 'ready',
    60_000,
  );
  const keys = receiver.received.map((r) => r.headers['idempotency-key']);
  // Called again after the restart; on a slow machine a call may also time out (2 s) and be
  // retried, so "again" is at least once more, never with another key.
  assert.ok(keys.length >= 2, `called again after the restart (${keys.length} calls)`);
  assert.deepEqual(new Set(keys), new Set([`${activated.json.organizationId}:crm-account`]));
}

describe('kill -9 between sending and hearing the answer', () => {
  const cleanup = cleanUpAfterSuite();

  test('webhooks on PostgreSQL: redelivered with the same webhook-id, settled once', async (t) => {
    if (!requirePostgres(t)) return;
    const backend = await postgres();
    cleanup.push(backend.drop);
    await webhookScenario(backend, cleanup);
  });

  test('webhooks on the embedded database: redelivered with the same webhook-id, settled once', async () => {
    const backend = await embedded();
    cleanup.push(backend.drop);
    await webhookScenario(backend, cleanup);
  });

  test('connectors on PostgreSQL: called again with the same Idempotency-Key, the organization ready', async (t) => {
    if (!requirePostgres(t)) return;
    const backend = await postgres();
    cleanup.push(backend.drop);
    await connectorScenario(backend, cleanup);
  });

  test('connectors on the embedded database: called again with the same Idempotency-Key', async () => {
    const backend = await embedded();
    cleanup.push(backend.drop);
    await connectorScenario(backend, cleanup);
  });
});
