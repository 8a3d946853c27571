import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createPostgresDatabase, requirePostgres } from './helpers/databases.ts';
import { activationBody, subscriptionBody } from './helpers/factories.ts';
import {
  client,
  type ServerProcess,
  staffClient,
  startServerProcess,
  testStaff,
} from './helpers/processes.ts';

const staff = testStaff;

describe('several app processes on one PostgreSQL database', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  test('50 concurrent activations of one company name across two processes get distinct consecutive names', async (t) => {
    if (!requirePostgres(t)) return;
    const database = await createPostgresDatabase();
    cleanup.push(database.drop);
    const env = { DATABASE_URL: database.url, ...staff };
    const servers: ServerProcess[] = [];
    for (let i = 0; i < 2; i++) {
      const server = await startServerProcess(env);
      servers.push(server);
      cleanup.push(async () => {
        server.child.kill('SIGTERM');
        await server.exited;
      });
    }
    const [a, b] = servers as [ServerProcess, ServerProcess];

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
});
