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
