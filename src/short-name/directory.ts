import type { Database } from '../db/client.ts';
import { whereNamesExist } from './queries.ts';

type NameRow = { region: string; shortName: string };
type Entry = { names: readonly string[]; rows: NameRow[]; storedAt: number };

const shortNamesChannel = 'short_names';

/**
 * Where short names exist, as the live preview asks it on every keystroke: recent answers are
 * kept in memory and forgotten the moment any process commits a change to one of their names
 * (the database notifies every process, migration 0014). Only the preview reads through this;
 * taking a name at activation always asks the database, whose unique index decides.
 *
 * Answers are kept only while the notifications are known to arrive: before listening, after a
 * lost connection (until listening again), and for a lookup that a notification overtook, the
 * database answers. `ttlMs` bounds how long any answer is kept regardless.
 */
export class ShortNameDirectory {
  readonly #database: Database;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  /** For each name, the entries whose answer covers it. */
  readonly #byName = new Map<string, Set<string>>();
  #listening = false;
  /** Counts notifications, so a lookup that one overtook is not kept. */
  #changes = 0;
  #stop: (() => Promise<void>) | undefined;

  constructor(database: Database, options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.#database = database;
    this.#ttlMs = options.ttlMs ?? 10_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  async start(): Promise<void> {
    this.#stop = await this.#database.listen(shortNamesChannel, {
      message: (payload) => this.#changed(payload),
      listening: () => {
        this.#listening = true;
      },
      gap: () => {
        this.#listening = false;
        this.#forgetAll();
      },
    });
  }

  async stop(): Promise<void> {
    this.#listening = false;
    this.#forgetAll();
    await this.#stop?.();
  }

  /** Every (region, name) among `names`, in any region; `key` names the set of names. */
  async whereNamesExist(key: string, names: readonly string[]): Promise<NameRow[]> {
    const now = Date.now();
    const kept = this.#entries.get(key);
    if (kept && now - kept.storedAt < this.#ttlMs) return kept.rows;
    const changes = this.#changes;
    const rows = await whereNamesExist(this.#database.db, [...names]);
    if (this.#listening && changes === this.#changes) this.#keep(key, { names, rows, storedAt: now });
    return rows;
  }

  #keep(key: string, entry: Entry): void {
    this.#forget(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#forget(oldest);
    }
    this.#entries.set(key, entry);
    for (const name of entry.names) {
      const keys = this.#byName.get(name) ?? new Set<string>();
      keys.add(key);
      this.#byName.set(name, keys);
    }
  }

  #forget(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    for (const name of entry.names) {
      const keys = this.#byName.get(name);
      keys?.delete(key);
      if (keys?.size === 0) this.#byName.delete(name);
    }
  }

  #forgetAll(): void {
    this.#changes++;
    this.#entries.clear();
    this.#byName.clear();
  }

  /** A notification: the space-separated names that changed, or '*' for any. */
  #changed(payload: string): void {
    if (payload === '*') {
      this.#forgetAll();
      return;
    }
    this.#changes++;
    for (const name of payload.split(' ')) {
      for (const key of [...(this.#byName.get(name) ?? [])]) this.#forget(key);
    }
  }
}
