import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, requirePostgres } from '../../test/helpers/databases.ts';
import { type Db, openDatabase, queryRows } from './client.ts';
import { afterCommit, afterRollback, CommitBatch, writesAtCommit } from './commit-hooks.ts';

test('PostgreSQL: a parameterized statement is prepared once per connection and then reused', async (t) => {
  if (!requirePostgres(t)) return;
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    for (const n of [1, 2, 3]) {
      assert.deepEqual(await queryRows(database.db, sql`select ${n}::int as n, 'prepared' as probe`), [
        { n, probe: 'prepared' },
      ]);
    }
    // Statements without parameters (this one) are not prepared.
    const prepared = await queryRows<{ name: string; statement: string }>(
      database.db,
      sql.raw(
        `select name, statement from pg_prepared_statements where statement like '%''prepared'' as probe%'`,
      ),
    );
    assert.equal(prepared.length, 1, JSON.stringify(prepared));
    assert.match(prepared[0]?.name ?? '', /^onramp_/);
    // A transaction's statements are prepared the same way, and its failure leaves them usable.
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select ${1}::int as n, 'prepared' as probe`);
        await tx.execute(sql`select ${'x'}::int`);
      }),
    );
    assert.deepEqual(await queryRows(database.db, sql`select ${4}::int as n, 'prepared' as probe`), [
      { n: 4, probe: 'prepared' },
    ]);
  } finally {
    await database.close();
    await drop();
  }
});

test('PostgreSQL: a transaction sends its BEGIN with its first statement and its COMMIT with its commit statement, and fails whole at any point', async (t) => {
  if (!requirePostgres(t)) return;
  const { url, drop } = await createPostgresDatabase();
  // One connection: every transaction below runs on the one whose round trips are counted.
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  const { db } = database;
  let roundTrips = 0;
  const counted = new WeakSet<object>();
  const countRoundTrips = (tx: object) => {
    const connection = (tx as { _: { session: { client: { connection: EventEmitter } } } })._.session.client
      .connection;
    if (counted.has(connection)) return;
    counted.add(connection);
    connection.on('readyForQuery', () => roundTrips++);
  };
  const noted = async () =>
    (await queryRows<{ note: string }>(db, sql`select note from notes order by note`)).map((r) => r.note);
  const notes = writesAtCommit<typeof db, string>(
    'noted',
    (rows) => sql`noted as (insert into notes (note) select json_array_elements_text(${rows}::json))`,
  );
  const write = (tx: typeof db, note: string) => tx.execute(sql`insert into notes (note) values (${note})`);
  try {
    await db.execute(sql`create table notes (note text primary key check (note <> 'refused'))`);
    await db.execute(sql`create table deferred (note text unique deferrable initially deferred)`);

    // One statement and the commit statement: two round trips, BEGIN and COMMIT going along.
    await db.transaction(async (tx) => {
      countRoundTrips(tx);
      roundTrips = 0;
      await write(tx, 'first');
      await notes.add(tx, ['at commit']);
    });
    assert.equal(roundTrips, 2);
    assert.deepEqual(await noted(), ['at commit', 'first']);

    // A transaction that runs nothing sends nothing.
    roundTrips = 0;
    await db.transaction(async () => {});
    assert.equal(roundTrips, 0);

    // The first statement fails (a duplicate): nothing stays, and the connection goes on.
    await assert.rejects(
      db.transaction(async (tx) => {
        await write(tx, 'first');
      }),
      failsWith(/duplicate key/),
    );
    // The first statement does not parse: its BEGIN never ran; the same text fails alike again.
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into notes (note) valuez (${'never'})`);
        }),
        failsWith(/syntax error/),
      );
    }
    // The commit statement fails: what came before is undone too, and rollback hooks run.
    const abandoned: string[] = [];
    await assert.rejects(
      db.transaction(async (tx) => {
        await write(tx, 'undone');
        afterRollback(tx, () => abandoned.push('commit statement'));
        await notes.add(tx, ['refused']);
      }),
      failsWith(/check constraint/),
    );
    // The COMMIT sent along fails (a deferred constraint): the transaction is rolled back.
    await assert.rejects(
      db.transaction(async (tx) => {
        await write(tx, 'undone too');
        afterRollback(tx, () => abandoned.push('commit'));
        afterCommit(tx, () => abandoned.push('never'));
        await tx.execute(sql`insert into deferred (note) values (${'twice'})`);
        await deferredNotes.add(tx, ['twice']);
      }),
      failsWith(/duplicate key/),
    );
    assert.deepEqual(abandoned, ['commit statement', 'commit']);
    assert.deepEqual(await noted(), ['at commit', 'first']);
    assert.deepEqual(await queryRows(db, sql`select note from deferred`), []);

    // A savepoint first: the BEGIN goes on its own, before it.
    await db.transaction(async (tx) => {
      await tx.transaction(async (nested) => {
        await write(nested, 'in a savepoint');
      });
      await notes.add(tx, ['after the savepoint']);
    });
    assert.deepEqual(await noted(), ['after the savepoint', 'at commit', 'first', 'in a savepoint']);

    // Nothing may be written once the commit statement has committed.
    const late = new CommitBatch<typeof db, string>({
      write: async () => {},
      part: (tx) => ({
        shape: 'late',
        build: () => ({}),
        afterwards: async () => {
          await notes.add(tx, ['too late']);
        },
      }),
    });
    await assert.rejects(
      db.transaction(async (tx) => {
        await late.add(tx, ['x']);
      }),
      /after its transaction committed/,
    );
    assert.ok(!(await noted()).includes('too late'));
  } finally {
    await database.close();
    await drop();
  }
});

/** drizzle wraps the driver's error: the database's own message is its cause's. */
function failsWith(expected: RegExp) {
  return (error: unknown) => {
    const cause = (error as { cause?: { message?: string } }).cause;
    assert.match(cause?.message ?? String(error), expected);
    return true;
  };
}

const deferredNotes = writesAtCommit<Db, string>(
  'deferred_rows',
  (rows) =>
    sql`deferred_rows as (insert into deferred (note) select json_array_elements_text(${rows}::json))`,
);
