import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { freshDatabase } from '../../test/helpers/databases.ts';
import { arrayLiteral } from './arrays.ts';
import { queryRows } from './client.ts';
import { afterCommit, beforeCommit, CommitBatch, InsertsAtCommit } from './commit-hooks.ts';

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

    // Batches write a transaction's rows in one go before the commit, all batches in one
    // statement (each part answers its count from it); outside a transaction, at once.
    const writes: string[][] = [];
    const counted: number[] = [];
    const batchOf = (name: string) =>
      new CommitBatch<typeof db, string>({
        write: async (tx, rows) => {
          writes.push(rows);
          for (const row of rows) await note(tx, row);
        },
        part: (_tx, rows) => ({
          shape: name,
          build: (value) => ({
            ctes: sql`${sql.identifier(name)} as (
              insert into notes (note) select unnest(${value('rows')}::text[]) returning 1)`,
            scalar: sql`(select count(*)::int from ${sql.identifier(name)})`,
          }),
          values: { rows: arrayLiteral(rows) },
          afterwards: async (count) => {
            counted.push(Number(count));
          },
        }),
      });
    const first = batchOf('first_rows');
    const second = batchOf('second_rows');
    await db.transaction(async (tx) => {
      await first.add(tx, ['batched 1']);
      await second.add(tx, ['other 1', 'other 2', 'other 3']);
      await first.add(tx, ['batched 2']);
      const inside = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from notes`);
      assert.equal(inside[0]?.n, 4, 'nothing written before the commit');
    });
    assert.deepEqual(counted, [2, 3]);
    assert.deepEqual(writes, [], 'no batch wrote on its own');
    await first.add(db, ['at once']);
    assert.deepEqual(writes, [['at once']]);
    assert.deepEqual((await noted()).slice(4).sort(), [
      'at once',
      'batched 1',
      'batched 2',
      'other 1',
      'other 2',
      'other 3',
    ]);
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

test('rows inserted as the transaction commits take the changes made before then, never the caller’s rows', async () => {
  const { database, drop } = await freshDatabase();
  const { db } = database;
  try {
    await db.execute(sql`create table items (id text primary key, state text not null)`);
    const items = new InsertsAtCommit<{ id: string; state: string }>('new_items', {
      write: async (tx, rows) => {
        for (const row of rows) await tx.execute(sql`insert into items values (${row.id}, ${row.state})`);
      },
      ctes: (rows) => sql`new_items as (
        insert into items (id, state) select r.id, r.state from json_to_recordset(${rows}::json) as r(id text, state text))`,
    });
    // Inside the transaction it reads through the transaction: PGlite has one connection.
    const states = async (handle: typeof db = db) =>
      (
        await queryRows<{ id: string; state: string }>(handle, sql`select id, state from items order by id`)
      ).map((row) => `${row.id}:${row.state}`);
    const mine = { id: 'a', state: 'new' };
    await db.transaction(async (tx) => {
      await items.add(tx, [mine, { id: 'b', state: 'new' }]);
      const pending = items.pending(tx, 'a');
      assert.ok(pending, 'a row still to insert');
      pending.state = 'changed';
      assert.deepEqual(await states(tx), [], 'nothing written before the commit');
    });
    assert.deepEqual(await states(), ['a:changed', 'b:new']);
    assert.equal(mine.state, 'new', 'the caller’s row stays as it was');
    // Without hooks the rows are written at once, and there is nothing pending to change.
    await items.add(db, [{ id: 'c', state: 'at once' }]);
    assert.equal(items.pending(db, 'c'), undefined);
    assert.deepEqual(await states(), ['a:changed', 'b:new', 'c:at once']);
  } finally {
    await drop();
  }
});
