import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { freshDatabase } from '../../test/helpers/databases.ts';
import { queryRows } from './client.ts';
import { afterCommit, beforeCommit, CommitBatch } from './commit-hooks.ts';

test('commit hooks run last in their transaction, in order, and never after a rollback', async () => {
  const { database, drop } = await freshDatabase();
  const { db } = database;
  const noted = async () =>
    (await queryRows<{ note: string }>(db, sql`select note from notes order by n`)).map((r) => r.note);
  try {
    await db.execute(sql`create table notes (n serial primary key, note text not null)`);
    const note = (tx: typeof db, text: string) => tx.execute(sql`insert into notes (note) values (${text})`);

    await db.transaction(async (tx) => {
      assert.equal(
        beforeCommit(tx, async () => {
          await note(tx, 'hook 1');
          // A hook may add another; it runs too.
          beforeCommit(tx, () => note(tx, 'hook 3').then(() => {}));
        }),
        true,
      );
      beforeCommit(tx, () => note(tx, 'hook 2').then(() => {}));
      await note(tx, 'body');
      // A savepoint takes no hooks: what it writes, it writes at once.
      await tx.transaction(async (nested) =>
        assert.equal(
          beforeCommit(nested, async () => {}),
          false,
        ),
      );
    });
    assert.deepEqual(await noted(), ['body', 'hook 1', 'hook 2', 'hook 3']);

    await assert.rejects(
      db.transaction(async (tx) => {
        beforeCommit(tx, () => note(tx, 'never').then(() => {}));
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    // A failing hook rolls its transaction back.
    await assert.rejects(
      db.transaction(async (tx) => {
        await note(tx, 'undone');
        beforeCommit(tx, async () => {
          throw new Error('hook failed');
        });
      }),
      /hook failed/,
    );
    assert.deepEqual(await noted(), ['body', 'hook 1', 'hook 2', 'hook 3']);
    // Outside a transaction there are no hooks.
    assert.equal(
      beforeCommit(db, async () => {}),
      false,
    );

    // A batch writes a transaction's rows in one go before the commit; outside one, at once.
    const writes: string[][] = [];
    const batch = new CommitBatch<typeof db, string>(async (tx, rows) => {
      writes.push(rows);
      for (const row of rows) await note(tx, row);
    });
    await db.transaction(async (tx) => {
      await batch.add(tx, ['batched 1']);
      await batch.add(tx, ['batched 2', 'batched 3']);
      assert.deepEqual(writes, [], 'nothing written before the commit');
    });
    await batch.add(db, ['at once']);
    assert.deepEqual(writes, [['batched 1', 'batched 2', 'batched 3'], ['at once']]);
  } finally {
    await drop();
  }
});

test('after-commit hooks run once the commit is done, never after a rollback', async () => {
  const { database, drop } = await freshDatabase();
  const { db } = database;
  try {
    await db.execute(sql`create table marks (mark text not null)`);
    const seen: string[] = [];
    // What the hook sees is committed: another statement outside the transaction reads it.
    const visible = async () => (await queryRows<{ mark: string }>(db, sql`select mark from marks`)).length;
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into marks values ('committed')`);
      afterCommit(tx, () => seen.push('after'));
      seen.push('body');
    });
    assert.deepEqual(seen, ['body', 'after']);
    assert.equal(await visible(), 1);

    await assert.rejects(
      db.transaction(async (tx) => {
        afterCommit(tx, () => seen.push('never'));
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    // A bare handle commits each statement: its hook runs at once.
    afterCommit(db, () => seen.push('at once'));
    assert.deepEqual(seen, ['body', 'after', 'at once']);
  } finally {
    await drop();
  }
});
