import type { Database, Db } from '../db/client.ts';
import { ClaimLoop, type ClaimLoopOptions } from './claim-loop.ts';
import { Wake, type WakeIf, type WakeLog } from './wake.ts';

/**
 * Works what it claims from the database (`ClaimLoop`) in the processes that `start` it, woken
 * by the commits that make work for it (`Wake`): this process's own, and every other process's
 * by NOTIFY on `channel`. Elsewhere (a web process, the CLI) it only wakes the others.
 */
export class Dispatcher<T> {
  protected readonly loop: ClaimLoop<T>;
  readonly #wake: Wake;
  #unlisten: () => Promise<void> = async () => {};

  /** `db` sends the NOTIFY that wakes other processes (see `Wake`). */
  constructor(channel: string, options: ClaimLoopOptions<T> & { log: WakeLog }, db: Db) {
    this.loop = new ClaimLoop(options);
    this.#wake = new Wake(channel, () => this.loop.wake(), db, options.log);
  }

  /** Whether this process works the dispatcher's items (it was started here). */
  protected get runsHere(): boolean {
    return this.#wake.here;
  }

  /** Once `tx` commits, a dispatcher claims what it made due: this process's, or a worker's. */
  wakeAtCommit(tx: Db): Promise<void> {
    return this.#wake.atCommit(tx);
  }

  /** `wakeAtCommit` from the statement `tx` runs last, if work was made there (see `Wake.wakeIf`). */
  wakeIf(tx: Db): WakeIf {
    return this.#wake.wakeIf(tx);
  }

  /** From now on this process works the items: its own, and what others wake it for. */
  async start(database: Database): Promise<void> {
    this.#unlisten = await this.#wake.listen(database);
  }

  /** Looks for due items now (a job's nudge, the sweep); only where this process works them. */
  wake(): void {
    if (this.runsHere) this.loop.wake();
  }

  /**
   * Stops listening and claiming, and waits (up to `timeoutMs`) for items in flight and for a
   * NOTIFY under way (a process that sends none, such as the CLI, stops here too).
   */
  async stop(timeoutMs = 5000): Promise<void> {
    await this.#unlisten();
    await this.loop.stop(timeoutMs);
    await this.#wake.idle();
  }
}
