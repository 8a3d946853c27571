import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp } from '../../test/helpers/app.ts';
import { queryRows } from '../db/client.ts';
import { pruneMailbox, readMailbox } from './mailbox.ts';

test('the minute upkeep keeps the local mailbox to its newest messages, oldest removed first, in batches', async () => {
  const app = await startTestApp();
  try {
    const { db } = app.ctx;
    const count = async () =>
      (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from mailbox_messages`))[0]?.n;
    await db.execute(sql`insert into mailbox_messages (to_address, subject, text_body, html_body)
      select 'keep' || n || '@customer.test', 'Message ' || n, 'text', '<p>html</p>' from generate_series(1, 30) n`);
    assert.equal(await pruneMailbox(db, { keep: 40, batch: 4, batches: 3 }), 0, 'fewer than kept: nothing');

    // 30 messages, 10 kept: three batches of 4 this minute, the other 8 the next.
    assert.equal(await pruneMailbox(db, { keep: 10, batch: 4, batches: 3 }), 12);
    assert.equal(await count(), 18);
    assert.equal(await pruneMailbox(db, { keep: 10, batch: 4, batches: 100 }), 8);
    assert.equal(await pruneMailbox(db, { keep: 10, batch: 4, batches: 100 }), 0);
    const kept = await readMailbox(db, { limit: 100 });
    assert.deepEqual(
      kept.map((message) => message.subject),
      Array.from({ length: 10 }, (_, i) => `Message ${30 - i}`),
      'the newest ten stay',
    );
  } finally {
    await app.close();
  }
});
