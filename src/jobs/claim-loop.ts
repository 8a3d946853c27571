type Log = { error(object: object, message: string): void };

/**
 * A place in a loop held for an item this process will work once it exists (claimed in a
 * transaction still under way): `work` starts it there, `release` gives the place back. Only the
 * first of the two counts.
 */
export type Place<T> = { work(item: T): void; release(): void };

export type ClaimLoopOptions<T> = {
  /** Items this process works at once. */
  limit: number;
  /** Claims up to `free` due items (in the database, so processes share them). */
  claim(free: number): Promise<T[]>;
  /**
   * Works one claimed item, outside any transaction; it settles the item itself. True when
   * settling it may have made more due (the next in a chain, a follower).
   */
  work(item: T): Promise<boolean>;
  /** Names an item in the log when its work crashes. */
  describe(item: T): object;
  log: Log;
};

/**
 * Works items claimed from the database, up to `limit` at a time in this process. Each wake
 * claims as many as there are free places; a full claim means there may be more, so it claims
 * again as places free up (a backlog is worked, not polled).
 * Several processes run one each: the claim (SKIP LOCKED, leases) decides who works what, so
 * nothing is worked twice at once and nothing waits on a process that died.
 */
export class ClaimLoop<T> {
  readonly #options: ClaimLoopOptions<T>;
  readonly #inFlight = new Set<Promise<void>>();
  /** Places held (see `reserve`), counted as taken. */
  #reserved = 0;
  #wanted = false;
  /** The last claim took all it asked for: more may be due once places free up. */
  #backlog = false;
  #looping = false;
  /** The latest loop, for `stop` to wait for a claim under way. */
  #current: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: ClaimLoopOptions<T>) {
    this.#options = options;
  }

  /**
   * Holds a place for an item that a transaction under way claims for this process, so that it
   * is worked at once after the commit, without a claim of its own; undefined when every place
   * is taken (the item is then claimed as usual).
   */
  reserve(): Place<T> | undefined {
    if (this.#stopped || this.#inFlight.size + this.#reserved >= this.#options.limit) return undefined;
    this.#reserved++;
    let held = true;
    const giveBack = () => {
      if (!held) return false;
      held = false;
      this.#reserved--;
      return true;
    };
    return {
      work: (item) => {
        // Stopped meanwhile: its claim lapses and some process sends it then.
        if (giveBack() && !this.#stopped) this.#start(item);
      },
      release: () => {
        if (giveBack() && this.#backlog) this.wake();
      },
    };
  }

  wake(): void {
    if (this.#stopped) return;
    this.#wanted = true;
    if (!this.#looping) this.#current = this.#loop();
  }

  async #loop(): Promise<void> {
    const { limit, claim, log } = this.#options;
    this.#looping = true;
    try {
      while (this.#wanted && !this.#stopped) {
        this.#wanted = false;
        const free = limit - this.#inFlight.size - this.#reserved;
        if (free <= 0) {
          // Wanted with no place free: claim when one frees up.
          this.#backlog = true;
          continue;
        }
        const claimed = await claim(free);
        this.#backlog = claimed.length === free;
        if (this.#backlog) this.#wanted = true;
        for (const item of claimed) this.#start(item);
      }
    } catch (error) {
      log.error({ err: error }, 'claiming work failed; trying again shortly');
      setTimeout(() => this.wake(), 1000).unref();
    } finally {
      this.#looping = false;
    }
  }

  #start(item: T): void {
    const { work, describe, log } = this.#options;
    const working: Promise<void> = work(item)
      .catch((error: unknown) => {
        log.error({ err: error, ...describe(item) }, 'claimed work crashed');
        return false;
      })
      .then((more) => {
        this.#inFlight.delete(working);
        // New work wakes the loop itself; a settled item only when it freed a place a
        // backlog waits for, or made more due.
        if (more || this.#backlog) this.wake();
      });
    this.#inFlight.add(working);
  }

  /** Stops claiming and waits (up to `timeoutMs`) for a claim under way and the items in flight. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.#stopped = true;
    const settled = async () => {
      await this.#current;
      await Promise.allSettled([...this.#inFlight]);
    };
    await Promise.race([settled(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }
}
