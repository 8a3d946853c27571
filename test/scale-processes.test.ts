import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { eventTypes } from '../src/events/catalog.ts';
import { type Cleanup, cleanUpAfterSuite } from './helpers/cleanup.ts';
import { createPostgresDatabase, requirePostgres } from './helpers/databases.ts';
import { activationBody, subscriptionBody } from './helpers/factories.ts';
import {
  client,
  type ServerProcess,
  staffClient,
  startServerProcess,
  testStaff,
  until,
} from './helpers/processes.ts';
import { startReceiver } from './helpers/receiver.ts';
import { startSmtpServer } from './helpers/smtp.ts';

async function started(env: Record<string, string>, cleanup: Cleanup): Promise<ServerProcess> {
  const server = await startServerProcess({ ...env, ...testStaff });
  cleanup.push(server.stop);
  return server;
}

/** Subscriptions created through `url`, with their activation tokens read from the SMTP server. */
async function subscriptionsWithTokens(
  url: string,
  smtp: Awaited<ReturnType<typeof startSmtpServer>>,
  count: number,
  company: string,
) {
  const sales = await staffClient(url);
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = subscriptionBody({ company: `${company} ${i}` });
    assert.equal((await sales.call('POST', '/api/v1/subscriptions', body)).status, 201);
    emails.push(body.contact.email);
  }
  const tokenOf = (email: string) => {
    const mail = smtp.received.find((m) => m.to.includes(email));
    return mail ? /\/activate\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')?.[1] : undefined;
  };
  await until(async () => emails.every((e) => tokenOf(e)), 60_000);
  return emails.map((email) => tokenOf(email) as string);
}

describe('several processes on one PostgreSQL database', () => {
  const cleanup = cleanUpAfterSuite();

  test('ONRAMP_ROLE: a web process serves, a worker process works; together they activate', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    const smtp = await startSmtpServer();
    cleanup.push(smtp.close);
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url };
    const web = await started({ ...env, ONRAMP_ROLE: 'web' }, cleanup);
    const worker = await started({ ...env, ONRAMP_ROLE: 'worker' }, cleanup);

    assert.equal((await client(worker.url).call('GET', '/api/v1/catalog/regions')).status, 404);
    assert.equal((await fetch(`${worker.url}/healthz`)).status, 200);

    // Only the worker sends mail and provisions: the web process has no workers.
    const [token] = await subscriptionsWithTokens(web.url, smtp, 1, 'Split Co');
    const activated = await client(web.url).call(
      'POST',
      `/api/v1/activations/${token}`,
      activationBody({ companyName: 'Split Co' }),
    );
    assert.equal(activated.status, 202);
    await until(
      async () =>
        (await client(web.url).call('GET', `/api/v1/activations/${token}/progress`)).json.state === 'ready',
    );
    // The web process wakes the worker for what it queues: ten subscriptions at once, and each
    // activation email is sent within seconds (the minute sweep alone would take up to a minute).
    const sales = await staffClient(web.url);
    const bodies = Array.from({ length: 10 }, (_, i) => subscriptionBody({ company: `Woken Co ${i}` }));
    await Promise.all(
      bodies.map(async (b) =>
        assert.equal((await sales.call('POST', '/api/v1/subscriptions', b)).status, 201),
      ),
    );
    await until(
      async () => bodies.every((b) => smtp.received.some((m) => m.to.includes(b.contact.email))),
      10_000,
    );
    await worker.stop();
    const body = subscriptionBody({ company: 'Queued Co' });
    assert.equal(
      (await (await staffClient(web.url)).call('POST', '/api/v1/subscriptions', body)).status,
      201,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.ok(!smtp.received.some((m) => m.to.includes(body.contact.email)), 'no worker: the email waits');
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query('select status from email_outbox where to_address = $1', [
        body.contact.email,
      ]);
      assert.deepEqual(rows, [{ status: 'queued' }], 'in the outbox, for the next worker');
    } finally {
      await db.end();
    }
  });

  test('two processes work one burst: every organization ready once, no email or event twice', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    const smtp = await startSmtpServer();
    cleanup.push(smtp.close);
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const env = { DATABASE_URL: database.url, SMTP_URL: smtp.url };
    const [a, b] = [await started(env, cleanup), await started(env, cleanup)] as [
      ServerProcess,
      ServerProcess,
    ];
    const ops = await staffClient(a.url);
    assert.equal(
      (await ops.call('POST', '/api/v1/webhook-endpoints', { url: receiver.url, events: eventTypes })).status,
      201,
    );
    const count = 40;
    const tokens = await subscriptionsWithTokens(a.url, smtp, count, 'Burst Co');
    const responses = await Promise.all(
      tokens.map((token, i) =>
        client(i % 2 ? a.url : b.url).call(
          'POST',
          `/api/v1/activations/${token}`,
          activationBody({
            companyName: `Burst Co ${i}`,
            invitations: [{ email: `burst-${i}@customer.test`, role: 'user' }],
          }),
        ),
      ),
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      Array(count).fill(202),
    );
    await until(
      async () =>
        Array.from({ length: count }, (_, i) => `burst-${i}@customer.test`).every((to) =>
          smtp.received.some((m) => m.to.includes(to)),
        ),
      60_000,
    );
    await receiver.waitFor(
      'every organization provisioned',
      () => receiver.ofType('organization.provisioned').length >= count,
    );
    // Give a duplicate every chance to show.
    await new Promise((resolve) => setTimeout(resolve, 2000));

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query(`select
        (select count(*)::int from runs where kind = 'provisioning' and state = 'succeeded') as runs,
        (select count(*)::int from run_steps where status <> 'done') as unfinished,
        (select count(*)::int from email_outbox where template = 'invitation') as invitations`);
      assert.deepEqual(rows[0], { runs: count, unfinished: 0, invitations: count });
    } finally {
      await db.end();
    }
    const delivered = smtp.received.flatMap((m) => m.to);
    assert.equal(new Set(delivered).size, delivered.length, 'no address got an email twice');
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    assert.equal(new Set(ids).size, ids.length, 'no event delivered twice');
    assert.equal(receiver.ofType('organization.provisioned').length, count);
  });

  test('rate limits are exact across processes: 20 + 20 concurrent sign-ins against 20 a minute', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    const env = { DATABASE_URL: database.url };
    const [a, b] = [await started(env, cleanup), await started(env, cleanup)] as [
      ServerProcess,
      ServerProcess,
    ];
    // One client address behind a proxy, trying many emails (so per-email limits stay out of it).
    const signIn = (url: string, i: number) =>
      fetch(`${url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
        body: JSON.stringify({ email: `nobody-${i}@customer.test`, password: 'Wrong-Password-1' }),
      }).then((r) => r.status);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(i % 2 ? a.url : b.url, i)),
    );
    assert.equal(statuses.filter((s) => s === 401).length, 20, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 20);
  });
});
