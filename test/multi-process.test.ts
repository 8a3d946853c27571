import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventTypes } from '../src/events/catalog.ts';
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
} from './helpers/processes.ts';
import { startReceiver } from './helpers/receiver.ts';

const staff = testStaff;

/** Two app processes on one database, stopped after the suite. */
async function twoProcesses(databaseUrl: string, cleanup: Cleanup): Promise<[ServerProcess, ServerProcess]> {
  const env = { DATABASE_URL: databaseUrl, ...staff };
  const a = await startServerProcess(env);
  cleanup.push(a.stop);
  const b = await startServerProcess(env);
  cleanup.push(b.stop);
  return [a, b];
}

describe('several app processes on one PostgreSQL database', () => {
  const cleanup = cleanUpAfterSuite();

  test('50 concurrent activations of one company name across two processes get distinct consecutive names', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    const [a, b] = await twoProcesses(database.url, cleanup);

    const sales = await staffClient(a.url);
    const emails: string[] = [];
    for (let i = 0; i < 50; i++) {
      const body = subscriptionBody({ company: 'Wayne Enterprises' });
      const created = await sales.call('POST', '/api/v1/subscriptions', body);
      assert.equal(created.status, 201);
      emails.push(body.contact.email);
    }
    // Either process may deliver the mail; both read the one database.
    let tokens: string[] = [];
    for (let attempt = 0; attempt < 100 && tokens.length < 50; attempt++) {
      const mailbox = (await client(b.url).call('GET', '/api/v1/dev/mailbox?limit=500')).json as {
        text: string;
      }[];
      tokens = mailbox
        .map((m) => /\/activate\/([A-Za-z0-9_-]+)/.exec(m.text)?.[1])
        .filter((x): x is string => Boolean(x));
      if (tokens.length < 50) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(tokens.length, 50);

    const responses = await Promise.all(
      tokens.map((token, i) =>
        client(i % 2 ? a.url : b.url).call(
          'POST',
          `/api/v1/activations/${token}`,
          activationBody({ companyName: 'Wayne Enterprises', region: 'us-east-1' }),
        ),
      ),
    );
    assert.deepEqual(
      responses.map((r) => r.status),
      Array(50).fill(202),
    );
    const names = responses
      .map((r) => r.json.shortName as string)
      .sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
    assert.deepEqual(names, [
      'wayneenterprises',
      ...Array.from({ length: 49 }, (_, i) => `wayneenterprises${i + 1}`),
    ]);

    // And both processes finish provisioning every one of them.
    for (const token of tokens) {
      for (let attempt = 0; ; attempt++) {
        const progress = (await client(a.url).call('GET', `/api/v1/activations/${token}/progress`)).json;
        if (progress.state === 'ready') break;
        assert.ok(attempt < 200, `provisioning of ${token} did not finish: ${JSON.stringify(progress)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  test('events of each organization reach the endpoint in order, each once, with two processes delivering', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    // The receiver answers after a random pause, so deliveries from both processes interleave.
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const [a, b] = await twoProcesses(database.url, cleanup);
    const ops = await staffClient(a.url);
    const endpoint = await ops.call('POST', '/api/v1/webhook-endpoints', {
      url: receiver.url,
      events: eventTypes,
    });
    assert.equal(endpoint.status, 201);

    const organizations = 10;
    const subscriptions: { id: string; email: string }[] = [];
    for (let i = 0; i < organizations; i++) {
      const body = subscriptionBody({ company: `Order Co ${i}` });
      const created = await (i % 2 ? ops : await staffClient(b.url)).call(
        'POST',
        '/api/v1/subscriptions',
        body,
      );
      assert.equal(created.status, 201);
      subscriptions.push({ id: created.json.id, email: body.contact.email });
    }
    const of = (id: string) => receiver.received.filter((r) => r.json.data.subscriptionId === id);
    // A person activates after the email arrived; so does this test.
    await receiver.waitFor('every activation email sent', () =>
      subscriptions.every((s) => of(s.id).some((r) => r.json.type === 'activation.email_sent')),
    );
    await Promise.all(
      subscriptions.map(async (subscription, i) => {
        const token = await activationTokenFromMailbox(client(a.url), subscription.email);
        const response = await client(i % 2 ? a.url : b.url).call(
          'POST',
          `/api/v1/activations/${token}`,
          activationBody({
            companyName: `Order Co ${i}`,
            invitations: [{ email: `order-${i}@customer.test`, role: 'user' }],
          }),
        );
        assert.equal(response.status, 202);
      }),
    );
    await receiver.waitFor(
      'every organization provisioned and its invitation sent',
      () =>
        subscriptions.every((s) =>
          ['organization.provisioned', 'invitation.sent'].every((type) =>
            of(s.id).some((r) => r.json.type === type),
          ),
        ),
      60_000,
    );
    for (const subscription of subscriptions) {
      const types = of(subscription.id).map((r) => r.json.type);
      const order = [
        'subscription.created',
        'activation.email_sent',
        'organization.created',
        'organization.provisioned',
      ];
      const positions = order.map((type) => types.indexOf(type));
      assert.ok(
        positions.every((p) => p >= 0),
        types.join(', '),
      );
      assert.deepEqual(
        positions,
        [...positions].sort((x, y) => x - y),
        `in order: ${types.join(', ')}`,
      );
      assert.ok(types.indexOf('invitation.sent') > types.indexOf('organization.created'), types.join(', '));
    }
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    assert.equal(new Set(ids).size, ids.length, 'no event delivered twice');
  });
});
