import type { Database, Db } from '../db/client.ts';
import { afterCommit, CommitBatch, type CommitPart, type CommitScalar } from '../db/commit-hooks.ts';
import { notify, notifyIfValue, notifyValue } from './queries.ts';

/** A wake decided in the statement a transaction runs last (see `Wake.wakeIf`). */
export type WakeIf = {
  shape: string;
  /** The part's scalar, given the count of work the statement made. */
  scalar(count: CommitScalar): CommitScalar;
  afterwards?: CommitPart['afterwards'];
};

/**
 * Wakes a dispatcher that claims its work from the database (emails, webhook deliveries) once a
 * transaction that made work for it commits, in whichever processes run one: this process
 * directly when it runs the dispatcher; the others by a NOTIFY on `channel`, which PostgreSQL
 * delivers with the commit and never after a rollback. The NOTIFY rides on the statement the
 * transaction runs last, so waking costs no round trip and no job. A notification that no
 * process heard loses nothing: a dispatcher claims all that is due when it starts, and the
 * minute sweep looks again.
 */
export class Wake {
  readonly #channel: string;
  readonly #wakeHere: () => void;
  readonly #notify: CommitBatch<Db, null>;
  #here = false;

  constructor(channel: string, wakeHere: () => void) {
    this.#channel = channel;
    this.#wakeHere = wakeHere;
    // One NOTIFY per transaction, however much work it made.
    this.#notify = new CommitBatch<Db, null>({
      write: (tx) => notify(tx, channel),
      part: () => ({ shape: `notify ${channel}`, build: () => ({ scalar: notifyValue(channel) }) }),
    });
  }

  /** Whether this process runs the dispatcher (see `listen`). */
  get here(): boolean {
    return this.#here;
  }

  /** Once `tx` commits, a process that runs the dispatcher looks for due work. */
  async atCommit(tx: Db): Promise<void> {
    if (this.#here) afterCommit(tx, this.#wakeHere);
    else await this.#notify.add(tx, [null]);
  }

  /**
   * `atCommit` from the statement `tx` runs last, if `count` (a scalar of that statement: how
   * much work it made) is above zero. The statement may commit the transaction, so the wake is
   * decided in it: a NOTIFY in the statement, or a wake noted for after the commit. `shape`
   * names which, for the part whose statement it joins.
   */
  wakeIf(tx: Db): WakeIf {
    if (!this.#here) {
      return { shape: `notify ${this.#channel}`, scalar: (count) => notifyIfValue(this.#channel, count) };
    }
    return {
      shape: 'here',
      scalar: (count) => count,
      afterwards: async (made) => {
        if (Number(made) > 0) afterCommit(tx, this.#wakeHere);
      },
    };
  }

  /**
   * This process runs the dispatcher from now on: it wakes it itself after its own commits, and
   * on every other process's NOTIFY (and once listening, for what it may have missed).
   */
  async listen(database: Database): Promise<() => Promise<void>> {
    this.#here = true;
    return database.listen(this.#channel, {
      message: this.#wakeHere,
      listening: this.#wakeHere,
      gap: () => {},
    });
  }
}
