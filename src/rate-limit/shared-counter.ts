import type { Db } from '../db/client.ts';
import { addHits, countHit } from './queries.ts';

type Entry = { hits: number; pending: number; windowEndsAt: number; windowMs: number };

/**
 * Rate-limit counters shared by every process through the database, written behind: the first
 * hit of a key in a window goes to the database at once (and learns what other processes
 * counted); later hits are counted here and flushed together every `flushMs`, each flush
 * bringing back the database's total. Processes together can exceed a limit by at most what
 * they count between two flushes; a request costs no database write of its own.
 */
export class SharedHitCounter {
  readonly #db: Db;
  readonly #flushMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(db: Db, options: { flushMs?: number; maxEntries?: number } = {}) {
    this.#db = db;
    this.#flushMs = options.flushMs ?? 100;
    this.#maxEntries = options.maxEntries ?? 50_000;
  }

  async hit(key: string, windowMs: number): Promise<{ hits: number; ttlMs: number }> {
    const now = Date.now();
    const entry = this.#entries.get(key);
    if (entry && entry.windowEndsAt > now) {
      entry.pending++;
      this.#schedule();
      return { hits: entry.hits + entry.pending, ttlMs: entry.windowEndsAt - now };
    }
    const counted = await countHit(this.#db, key, windowMs);
    if (this.#entries.size >= this.#maxEntries) this.#evictExpired(now);
    if (this.#entries.size < this.#maxEntries) {
      this.#entries.set(key, { hits: counted.hits, pending: 0, windowEndsAt: now + counted.ttlMs, windowMs });
    }
    return counted;
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#flushMs);
    this.#timer.unref?.();
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#entries)
      if (entry.windowEndsAt <= now && entry.pending === 0) this.#entries.delete(key);
  }

  /** Writes pending hits in one statement and takes back every key's total. */
  async flush(): Promise<void> {
    await this.#flushing;
    const batch: { key: string; entry: Entry; count: number }[] = [];
    for (const [key, entry] of this.#entries)
      if (entry.pending > 0) batch.push({ key, entry, count: entry.pending });
    if (batch.length === 0) return;
    // Counted as the database's until it answers with the real total.
    for (const item of batch) {
      item.entry.hits += item.count;
      item.entry.pending = 0;
    }
    this.#flushing = (async () => {
      try {
        const totals = await addHits(
          this.#db,
          batch.map((b) => ({ key: b.key, hits: b.count, windowMs: b.entry.windowMs })),
        );
        const now = Date.now();
        for (const [key, total] of totals) {
          const entry = this.#entries.get(key);
          if (!entry) continue;
          entry.hits = total.hits;
          entry.windowEndsAt = now + total.ttlMs;
        }
      } catch {
        // The database is unreachable: keep the hits for the next flush.
        for (const item of batch) {
          item.entry.hits -= item.count;
          item.entry.pending += item.count;
        }
        this.#schedule();
      } finally {
        this.#flushing = undefined;
      }
    })();
    await this.#flushing;
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush().catch(() => {});
  }
}
