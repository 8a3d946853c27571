import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from './client.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any constant: every process that migrates takes the same session-level lock. */
const MIGRATION_LOCK = 72_0001;

export type Migration = { name: string; script: string };

export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: file.replace(/\.sql$/, ''),
      script: await readFile(path.join(dir, file), 'utf8'),
    })),
  );
}

/**
 * Applies pending migrations in file order, each in its own transaction. Several processes may
 * start at once: an advisory lock makes the others wait, then find nothing left to do.
 */
export async function migrate(database: Database, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return database.withConnection(async (run) => {
    await run(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const applied = new Set(
        (await queryRows<{ name: string }>(database.db, sql`select name from schema_migrations`)).map(
          (row) => row.name,
        ),
      );
      const done: string[] = [];
      for (const migration of all) {
        if (applied.has(migration.name)) continue;
        const record = `INSERT INTO schema_migrations (name) VALUES ('${migration.name.replace(/'/g, "''")}')`;
        try {
          await run(`BEGIN;\n${migration.script}\n;${record};\nCOMMIT;`);
        } catch (error) {
          await run('ROLLBACK').catch(() => {});
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        done.push(migration.name);
      }
      return done;
    } finally {
      await run(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
