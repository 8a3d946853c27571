type Waiting<I, R> = { item: I; resolve(result: R): void; reject(error: unknown): void };

export type GatheredCallsOptions<I, R> = {
  /** Does the work for all the items gathered, in one go; a result for each, in their order. */
  run(items: I[]): Promise<R[]>;
  /** Runs start at most this often: under load each takes what was added meanwhile. */
  everyMs: number;
};

/**
 * Calls gathered into one: `add` an item and get its share of one `run` over every item added
 * meanwhile. At most one run is under way and runs start at most every `everyMs`, so an item
 * added to a quiet batch runs at once (in the same tick as its siblings), while under load one
 * statement settles many items instead of one each. A failed run fails each of its items.
 */
export class GatheredCalls<I, R> {
  readonly #options: GatheredCallsOptions<I, R>;
  #waiting: Waiting<I, R>[] = [];
  #running = false;
  #scheduled = false;
  #lastRunAt = Number.NEGATIVE_INFINITY;

  constructor(options: GatheredCallsOptions<I, R>) {
    this.#options = options;
  }

  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#running || this.#scheduled || this.#waiting.length === 0) return;
    this.#scheduled = true;
    const wait = this.#lastRunAt + this.#options.everyMs - performance.now();
    const start = () => {
      this.#scheduled = false;
      void this.#run();
    };
    // Even at once, the run waits for the rest of this tick: items settled together go together.
    if (wait <= 0) setImmediate(start);
    else setTimeout(start, wait);
  }

  async #run(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#running = true;
    this.#lastRunAt = performance.now();
    try {
      const results = await this.#options.run(batch.map((waiting) => waiting.item));
      for (const [i, waiting] of batch.entries()) waiting.resolve(results[i] as R);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.#running = false;
      this.#schedule();
    }
  }
}
