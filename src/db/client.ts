import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { ConstructorOptions } from 'pg-boss';
import { fromPglite } from 'pg-boss';
import { withCommitHooks } from './commit-hooks.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Db } from './handle.ts';
import { PreparingClient } from './prepared-statements.ts';
import * as schema from './schema.ts';

export type { Db } from './handle.ts';

/** Rows of a raw SQL query; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Every top-level transaction of `db` runs its commit hooks (batched audit rows) before
 * committing, its after-commit hooks (wake the email dispatcher) once committed, and its
 * after-rollback hooks if it did not commit.
 */
function runCommitHooks(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = (async (fn, config) => {
    const after: (() => void)[] = [];
    const abandoned: (() => void)[] = [];
    let result: unknown;
    try {
      result = await transaction((tx) => withCommitHooks(tx, fn, after, abandoned), config);
    } catch (error) {
      for (const hook of abandoned) hook();
      throw error;
    }
    for (const hook of after) hook();
    return result;
  }) as Db['transaction'];
}

/** Runs multi-statement SQL without parameters on one connection (migrations). */
type ScriptRunner = (script: string) => Promise<void>;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs `fn` on one dedicated connection, so session-level advisory locks hold. */
  withConnection<T>(fn: (run: ScriptRunner) => Promise<T>): Promise<T>;
  /** What pg-boss needs to share this database. */
  bossOptions: Pick<ConstructorOptions, 'db' | 'connectionString' | 'backend' | 'max'>;
  /**
   * Delivers each NOTIFY on `channel` to `listener.message`. `listener.listening` says when
   * nothing can be missed from then on; `listener.gap` when something may have been (the
   * connection dropped: it reconnects, then says `listening` again). Resolves once listening;
   * the function it gives stops.
   */
  listen(channel: string, listener: Listener): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

type Listener = { message(payload: string): void; listening(): void; gap(): void };

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres' ? openPostgres(options.url, options.poolSize) : openPglite(options);
}

function openPostgres(url: string, poolSize = 10): Database {
  const listeners = new PostgresListeners(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'onramp',
    Client: PreparingClient,
  });
  // An idle client that the server drops must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzleNodePostgres(pool, { schema }) as unknown as Db;
  runCommitHooks(db);
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    db,
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(async (script) => {
          await client.query(script);
        });
      } finally {
        client.release();
      }
    },
    bossOptions: { connectionString: url, max: 4 },
    listen: (channel, listener) => listeners.listen(channel, listener),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      // Closing twice is harmless, as on PGlite (a test may close it to simulate an outage).
      closing ??= pool.end();
      await closing;
    },
  };
}

async function openPglite(options: { dataDir?: string }): Promise<Database> {
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  // No dataDir: in memory (tests).
  // pg_trgm: support's search by part of a company name uses a trigram index (migration 0007).
  // shared_buffers: PostgreSQL's default 128 MB would stay resident in this process; the
  // operating system caches the data files as well.
  const client = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  }).catch((error: unknown) => {
    unlock();
    throw error;
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  runCommitHooks(db);
  let closed = false;
  return {
    kind: 'pglite',
    db,
    async withConnection(fn) {
      return fn(async (script) => {
        await client.exec(script);
      });
    },
    bossOptions: { db: fromPglite(client), backend: 'pglite' },
    async listen(channel, listener) {
      const unlisten = await client.listen(channel, (payload) => listener.message(payload));
      listener.listening();
      // Closing the database ends listening too (and a closed PGlite never answers).
      return async () => {
        if (!closed) await unlisten();
      };
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      unlock();
    },
  };
}

/**
 * A process's LISTENs on PostgreSQL, all on one connection of their own: a NOTIFY wakes every
 * listening connection of the database, so one per process, not one per channel. When the
 * connection drops, every listener hears `gap`; it reconnects after a second, listens to every
 * channel again, and each listener hears `listening`.
 */
class PostgresListeners {
  readonly #url: string;
  /** Who listens on each channel (several in one process: the tests' processes share a handle). */
  readonly #channels = new Map<string, Set<Listener>>();
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(url: string) {
    this.#url = url;
  }

  async listen(channel: string, listener: Listener): Promise<() => Promise<void>> {
    const listeners = this.#channels.get(channel) ?? new Set<Listener>();
    listeners.add(listener);
    this.#channels.set(channel, listeners);
    try {
      // Each caller sends its own LISTEN (a second on a channel does nothing), so that it hears
      // `listening` only once the channel is listened to.
      const client = await this.#connected();
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      await this.#unlisten(channel, listener);
      throw error;
    }
    listener.listening();
    return () => this.#unlisten(channel, listener);
  }

  async #unlisten(channel: string, listener: Listener): Promise<void> {
    const listeners = this.#channels.get(channel);
    if (!listeners?.delete(listener) || listeners.size > 0) return;
    this.#channels.delete(channel);
    const client = this.#client;
    if (this.#channels.size > 0) {
      await client?.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => {});
      return;
    }
    clearTimeout(this.#retry);
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  #all(): Listener[] {
    return [...this.#channels.values()].flatMap((listeners) => [...listeners]);
  }

  #connected(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.#url, application_name: 'onramp-listen' });
    client.on('notification', (notification) => {
      for (const listener of this.#channels.get(notification.channel) ?? []) {
        listener.message(notification.payload ?? '');
      }
    });
    client.on('error', () => {});
    client.on('end', () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      for (const listener of this.#all()) listener.gap();
      this.#retryLater();
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.#client = client;
    return client;
  }

  #reconnect(): void {
    if (this.#channels.size === 0) return;
    const again = async () => {
      const client = await this.#connected();
      for (const channel of this.#channels.keys())
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      for (const listener of this.#all()) listener.listening();
    };
    // A connection that drops again retries from its `end`; one that never came, from here.
    again().catch(() => {
      if (!this.#client) this.#retryLater();
    });
  }

  #retryLater(): void {
    clearTimeout(this.#retry);
    if (this.#channels.size > 0) this.#retry = setTimeout(() => this.#reconnect(), 1000);
  }
}
