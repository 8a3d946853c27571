import type { Db } from '../db/client.ts';
import { type Granted, type Reservation, reserveHits } from './queries.ts';

type Entry = {
  /** Hits this process reserved in the current window, and how many it allowed. */
  reserved: number;
  used: number;
  /** What every process together had reserved at the last reservation. */
  total: number;
  windowEndsAt: number;
  /** The reservation in progress, which later hits of this key wait for. */
  pending: Promise<void> | undefined;
};

export type Hit = { allowed: boolean; hits: number; ttlMs: number };

/**
 * Rate-limit counters shared by every process through the database, exact across them: before
 * a process allows a hit it must hold a reservation from the shared counter, which never grants
 * past the limit. Reservations come in small batches (a tenth of the limit, at least one), so a
 * busy key costs one statement per batch, not per request; a process never allows more than it
 * reserved, so all processes together never allow more than the limit. (A batch another process
 * does not use in time is lost for the window: the limit may bite a little early, never late.)
 *
 * Reservations wanted while one is on its way to the database go together in the next statement,
 * one per process at a time: many new clients at once (each one's first hit needs the database)
 * cost a few statements, not one each.
 */
export class SharedHitCounter {
  readonly #db: Db;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  #waiting: { reservation: Reservation; resolve(granted: Granted): void; reject(error: unknown): void }[] =
    [];
  #sending = false;

  constructor(db: Db, options: { maxEntries?: number } = {}) {
    this.#db = db;
    this.#maxEntries = options.maxEntries ?? 50_000;
  }

  async hit(key: string, windowMs: number, max: number): Promise<Hit> {
    for (;;) {
      const now = Date.now();
      let entry = this.#entries.get(key);
      if (entry && entry.windowEndsAt <= now && !entry.pending) {
        this.#entries.delete(key);
        entry = undefined;
      }
      if (entry?.pending) {
        await entry.pending;
        continue;
      }
      if (entry && entry.used < entry.reserved) {
        entry.used++;
        return { allowed: true, hits: this.#estimate(entry), ttlMs: entry.windowEndsAt - now };
      }
      if (entry && entry.total >= max) {
        return { allowed: false, hits: max + 1, ttlMs: entry.windowEndsAt - now };
      }
      await this.#reserve(key, entry, windowMs, max);
    }
  }

  /** Hits allowed so far, as far as this process knows: everyone's reservations less its own unused ones. */
  #estimate(entry: Entry): number {
    return entry.total - (entry.reserved - entry.used);
  }

  async #reserve(key: string, existing: Entry | undefined, windowMs: number, max: number): Promise<void> {
    const entry: Entry = existing ?? { reserved: 0, used: 0, total: 0, windowEndsAt: 0, pending: undefined };
    if (!existing) {
      if (this.#entries.size >= this.#maxEntries) this.#evictExpired(Date.now());
      this.#entries.set(key, entry);
    }
    const batch = Math.max(1, Math.floor(max / 10));
    entry.pending = (async () => {
      try {
        const { granted, total, ttlMs } = await this.#reserveTogether({ key, want: batch, max, windowMs });
        const windowEndsAt = Date.now() + ttlMs;
        // A new window in the database: what this process held belongs to the old one.
        if (windowEndsAt > entry.windowEndsAt + 1000 && entry.windowEndsAt !== 0) {
          entry.reserved = 0;
          entry.used = 0;
        }
        entry.reserved += granted;
        entry.total = total;
        entry.windowEndsAt = windowEndsAt;
      } catch (error) {
        this.#entries.delete(key);
        throw error;
      } finally {
        entry.pending = undefined;
      }
    })();
    await entry.pending;
  }

  /** Joins the next statement; it leaves at once when none is on its way, else when that one returns. */
  #reserveTogether(reservation: Reservation): Promise<Granted> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ reservation, resolve, reject });
      if (!this.#sending) {
        this.#sending = true;
        // Hits read in the same turn of the event loop, from every socket that had a request,
        // share the first statement too: it goes once they all have been read (the check
        // phase). On PGlite the statement runs on this thread, so none could join it later.
        setImmediate(() => void this.#send());
      }
    });
  }

  async #send(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        const granted = await reserveHits(
          this.#db,
          batch.map((w) => w.reservation),
        );
        for (const { reservation, resolve } of batch)
          resolve(
            granted.get(reservation.key) ?? {
              granted: 0,
              total: reservation.max,
              ttlMs: reservation.windowMs,
            },
          );
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
    }
    this.#sending = false;
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#entries)
      if (entry.windowEndsAt <= now && !entry.pending) this.#entries.delete(key);
  }

  close(): void {
    this.#entries.clear();
  }
}
