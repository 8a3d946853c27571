import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { countHit } from './counters.ts';

type Entry = { hits: number; pending: number; windowEndsAt: number; windowMs: number };

function arrayLiteral(values: (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

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
        const rows = await queryRows<{ key: string; hits: number; ttl_ms: string | number }>(
          this.#db,
          sql`insert into rate_limit_counters (key, hits, window_ends_at)
            select k, h, now() + make_interval(secs => w / 1000.0)
            from unnest(${arrayLiteral(batch.map((b) => b.key))}::text[], ${arrayLiteral(batch.map((b) => b.count))}::int[],
                        ${arrayLiteral(batch.map((b) => b.entry.windowMs))}::float8[]) as t(k, h, w)
            on conflict (key) do update set
              hits = case when rate_limit_counters.window_ends_at <= now()
                then excluded.hits else rate_limit_counters.hits + excluded.hits end,
              window_ends_at = case when rate_limit_counters.window_ends_at <= now()
                then excluded.window_ends_at else rate_limit_counters.window_ends_at end
            returning key, hits, greatest(0, ceil(extract(epoch from (window_ends_at - now())) * 1000)) as ttl_ms`,
        );
        const now = Date.now();
        for (const row of rows) {
          const entry = this.#entries.get(row.key);
          if (!entry) continue;
          entry.hits = Number(row.hits);
          entry.windowEndsAt = now + Number(row.ttl_ms);
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
