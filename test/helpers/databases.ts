import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.ts';

/** CI=true turns "skip when missing" into "fail when missing" for PostgreSQL and Chromium. */
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

export type TestDatabase = { database: Database; url: string | undefined; drop(): Promise<void> };

/**
 * A fresh, empty database for one test app: in-memory PGlite by default, or a new database on
 * the PostgreSQL server of TEST_DATABASE_URL (dropped afterwards).
 */
export async function freshDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (!testDatabaseUrl) {
    const database = await openDatabase({ kind: 'pglite' });
    return { database, url: undefined, drop: () => database.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({
    kind: 'postgres',
    url,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  return {
    database,
    url,
    async drop() {
      await database.close();
      await drop();
    },
  };
}

/** Creates an empty database on TEST_DATABASE_URL's server; `drop` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `onramp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * For tests that only make sense on a real PostgreSQL server (several processes sharing it):
 * skipped locally without TEST_DATABASE_URL, a failure in CI.
 */
export function requirePostgres(t: TestContext): boolean {
  if (testDatabaseUrl) return true;
  if (inCi) throw new Error('This test needs PostgreSQL: set TEST_DATABASE_URL (CI must provide it).');
  t.skip('needs TEST_DATABASE_URL (PostgreSQL)');
  return false;
}
