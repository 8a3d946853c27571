import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, requirePostgres } from '../../test/helpers/databases.ts';
import { openDatabase, queryRows } from './client.ts';

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
