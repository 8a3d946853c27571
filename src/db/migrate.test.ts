import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { createPostgresDatabase, freshDatabase, requirePostgres } from '../../test/helpers/databases.ts';
import { openDatabase, queryRows } from './client.ts';
import { loadMigrations, migrate } from './migrate.ts';
import * as schema from './schema.ts';

test('migrations apply once, in order, and a second run does nothing', async () => {
  const { database, drop } = await freshDatabase();
  try {
    const all = await loadMigrations();
    assert.ok(all.length >= 1);
    assert.deepEqual(
      await migrate(database),
      all.map((m) => m.name),
    );
    assert.deepEqual(await migrate(database), []);
  } finally {
    await drop();
  }
});

test('a failing migration leaves nothing half-applied', async () => {
  const { database, drop } = await freshDatabase();
  try {
    await assert.rejects(
      migrate(database, [
        { name: '0001_ok', script: 'CREATE TABLE a (id int);' },
        { name: '0002_broken', script: 'CREATE TABLE b (id int); SELECT * FROM missing_table;' },
      ]),
      /Migration 0002_broken failed/,
    );
    const tables = await queryRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_name in ('a', 'b')`,
    );
    assert.deepEqual(tables, [{ table_name: 'a' }]);
    const applied = await queryRows<{ name: string }>(database.db, sql`select name from schema_migrations`);
    assert.deepEqual(applied, [{ name: '0001_ok' }]);
  } finally {
    await drop();
  }
});

test('the Drizzle schema matches what the SQL migrations create', async () => {
  const { database, drop } = await freshDatabase();
  try {
    await migrate(database);
    const columns = await queryRows<{ table_name: string; column_name: string; is_nullable: string }>(
      database.db,
      sql`select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public'`,
    );
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === 'YES']));
    const tables = (Object.values(schema) as unknown[]).filter(
      (value): value is PgTable =>
        typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value,
    );
    assert.ok(tables.length >= 10);
    for (const table of tables) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        assert.ok(actual.has(key), `${key} exists in the database`);
        assert.equal(actual.get(key), !column.notNull, `${key} nullability matches`);
      }
    }
  } finally {
    await drop();
  }
});

test('several processes migrating one PostgreSQL database at once apply each migration once', async (t) => {
  if (!requirePostgres(t)) return;
  const { url, drop } = await createPostgresDatabase();
  const databases = await Promise.all(
    [1, 2, 3].map(() => openDatabase({ kind: 'postgres', url, poolSize: 2 })),
  );
  try {
    const results = await Promise.all(databases.map((database) => migrate(database)));
    const all = (await loadMigrations()).map((m) => m.name);
    assert.deepEqual(results.flat().sort(), all.sort());
  } finally {
    await Promise.all(databases.map((database) => database.close()));
    await drop();
  }
});
