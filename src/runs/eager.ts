/**
 * Runs this process starts are worked here at once, after their transaction commits, instead of
 * waiting for a worker to fetch their job: under a burst the queue is the wait. The job is still
 * sent with the run, delayed, as the safety net (a process that dies midway leaves the run to
 * it); a run the job finds finished costs one lookup. Beyond `limit` runs at a time the job is
 * queued at once and the workers take over.
 */
export class EagerRuns {
  readonly limit: number;
  readonly #active = new Set<Promise<void>>();

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Whether `take` would take a run now. */
  hasRoom(): boolean {
    return this.#active.size < this.limit;
  }

  /** Works `advance` now, unless `limit` are already being worked; false when it was not taken. */
  take(advance: () => Promise<void>): boolean {
    if (this.#active.size >= this.limit) return false;
    const running = advance().finally(() => this.#active.delete(running));
    this.#active.add(running);
    return true;
  }

  /** Resolves when every run taken so far is done (before the database closes). */
  async idle(): Promise<void> {
    while (this.#active.size > 0) await Promise.allSettled([...this.#active]);
  }
}

/** How long the safety-net job of an eagerly worked run waits before it looks. */
export const eagerSafetyNetSeconds = 30;
