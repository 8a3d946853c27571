import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, waitFor } from '../../test/helpers/app.ts';
import { queryRows } from '../db/client.ts';
import { queueEmailAtCommit } from './outbox.ts';

const content = { subject: 'At commit', text: 'at commit', html: '<p>at commit</p>' };

test('an email queued at commit exists exactly when its transaction commits, once per event, and goes out', async () => {
  const app = await startTestApp();
  try {
    const { db } = app.ctx;
    const queued = (key: string, tx: typeof db = db) =>
      queryRows<{ n: number }>(tx, sql`select count(*)::int as n from email_outbox where event_key = ${key}`);
    const queue = (tx: typeof db, key: string, to: string) =>
      queueEmailAtCommit(tx, app.ctx, { eventKey: key, template: 'test', locale: 'en', to, content });

    await assert.rejects(
      db.transaction(async (tx) => {
        await queue(tx, 'test:rolled-back', 'gone@customer.test');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await queued('test:rolled-back'), [{ n: 0 }], 'nothing after a rollback');

    await db.transaction(async (tx) => {
      await queue(tx, 'test:committed', 'kept@customer.test');
      // Not written yet, even as the transaction sees it: it goes with the statement the
      // transaction runs as it commits.
      assert.deepEqual(await queued('test:committed', tx), [{ n: 0 }]);
    });
    // The same event again, in its own transaction and twice in one: still one email.
    await db.transaction((tx) => queue(tx, 'test:committed', 'kept@customer.test'));
    await db.transaction(async (tx) => {
      await queue(tx, 'test:committed', 'kept@customer.test');
      await queue(tx, 'test:committed', 'kept@customer.test');
    });
    assert.deepEqual(await queued('test:committed'), [{ n: 1 }]);
    await waitFor(async () => (await app.mailbox('kept@customer.test')).length === 1, 'the email sent');
    assert.equal((await app.mailbox('gone@customer.test')).length, 0);
  } finally {
    await app.close();
  }
});

test('a process that sends email sends what its transaction queues right after the commit, in places it holds and gives back on rollback', async () => {
  const app = await startTestApp();
  try {
    const { db } = app.ctx;
    // Every delivery waits until the test lets it go: messages stay in flight, places taken.
    const delivered: string[] = [];
    let letGo: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const transport = app.ctx.mail;
    app.ctx.mail = {
      ...transport,
      async deliver(message) {
        delivered.push(message.to);
        await gate;
        return transport.deliver(message);
      },
      close: () => transport.close(),
    };
    const queue = (tx: typeof db, key: string, to: string) =>
      queueEmailAtCommit(tx, app.ctx, { eventKey: key, template: 'test', locale: 'en', to, content });
    const rows = (to: string) =>
      queryRows<{ status: string; attempts: number }>(
        db,
        sql`select status, attempts from email_outbox where to_address = ${to}`,
      );

    await db.transaction((tx) => queue(tx, 'held:first', 'first@customer.test'));
    assert.deepEqual(delivered, ['first@customer.test'], 'handed over as the commit returns');
    assert.deepEqual(await rows('first@customer.test'), [{ status: 'sending', attempts: 1 }]);

    // 40 rolled-back transactions, each holding a place (32 in all) for a while: none kept.
    for (let i = 0; i < 40; i++) {
      await db
        .transaction(async (tx) => {
          await queue(tx, `held:gone:${i}`, `gone${i}@customer.test`);
          throw new Error('roll back');
        })
        .catch(() => {});
    }
    // The same event again: its email is not sent twice, and the place goes back.
    await db.transaction((tx) => queue(tx, 'held:first', 'first@customer.test'));
    // Every other place still free: 31 more go out at once, the 33rd waits in the outbox.
    for (let i = 0; i < 32; i++) {
      await db.transaction((tx) => queue(tx, `held:more:${i}`, `more${i}@customer.test`));
    }
    await waitFor(() => delivered.length === 32, '32 in flight');
    assert.equal(delivered.filter((to) => to === 'first@customer.test').length, 1);
    assert.ok(!delivered.some((to) => to.startsWith('gone')));
    assert.deepEqual(await rows('more31@customer.test'), [{ status: 'queued', attempts: 0 }]);

    letGo();
    await waitFor(async () => (await app.mailbox('more31@customer.test')).length === 1, 'the 33rd sent');
    assert.deepEqual(await rows('first@customer.test'), [{ status: 'sent', attempts: 1 }]);
    assert.equal((await app.mailbox('first@customer.test')).length, 1);
  } finally {
    await app.close();
  }
});
