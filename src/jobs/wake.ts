import type { Database, Db } from '../db/client.ts';
import { afterCommitOnce, type CommitPart, type CommitScalar } from '../db/commit-hooks.ts';
import { notify } from './queries.ts';

/** A wake decided in the statement a transaction runs last (see `Wake.wakeIf`). */
export type WakeIf = {
  shape: string;
  /** The part's scalar, given the count of work the statement made. */
  scalar(count: CommitScalar): CommitScalar;
  afterwards?: CommitPart['afterwards'];
};

export type WakeLog = { warn(object: object, message: string): void };

/**
 * Wakes a dispatcher that claims its work from the database (emails, webhook deliveries) once a
 * transaction that made work for it commits, in whichever processes run one: this process
 * directly when it runs the dispatcher; the others by a NOTIFY on `channel`.
 *
 * The NOTIFY goes after the commit, on its own, and one covers every commit before it: while one
 * is under way, the commits meanwhile share the next. A NOTIFY inside each transaction would
 * cost nothing in round trips, but PostgreSQL lets one notifying transaction commit at a time
 * (a lock held through the commit's WAL flush): 16 connections committing small transactions
 * here managed 2,500 /s with a NOTIFY each against 5,600 /s without.
 *
 * A notification that no process heard loses nothing (nor one that a crash kept from being
 * sent): a dispatcher claims all that is due when it starts, and the minute sweep looks again.
 */
export class Wake {
  readonly #channel: string;
  readonly #wakeHere: () => void;
  readonly #db: Db;
  readonly #log: WakeLog;
  #here = false;
  /** The NOTIFY under way, and whether commits since it started need another. */
  #notifying: Promise<void> | undefined;
  #again = false;

  constructor(channel: string, wakeHere: () => void, db: Db, log: WakeLog) {
    this.#channel = channel;
    this.#wakeHere = wakeHere;
    this.#db = db;
    this.#log = log;
  }

  /** Whether this process runs the dispatcher (see `listen`). */
  get here(): boolean {
    return this.#here;
  }

  /** Once `tx` commits, a process that runs the dispatcher looks for due work (once per transaction). */
  async atCommit(tx: Db): Promise<void> {
    afterCommitOnce(tx, this.#wake);
  }

  /**
   * `atCommit` from the statement `tx` runs last, if `count` (a scalar of that statement: how
   * much work it made) is above zero. The statement may commit the transaction, so the wake is
   * noted in it, for after the commit.
   */
  wakeIf(tx: Db): WakeIf {
    return {
      shape: 'wake',
      scalar: (count) => count,
      afterwards: async (made) => {
        if (Number(made) > 0) afterCommitOnce(tx, this.#wake);
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

  /** Resolves once no NOTIFY is under way (before the database closes). */
  async idle(): Promise<void> {
    while (this.#notifying) await this.#notifying;
  }

  readonly #wake = () => {
    if (this.#here) this.#wakeHere();
    else this.#notifyOthers();
  };

  #notifyOthers(): void {
    if (this.#notifying) {
      this.#again = true;
      return;
    }
    this.#notifying = notify(this.#db, this.#channel)
      .catch((error: unknown) => {
        this.#log.warn(
          { err: error, channel: this.#channel },
          'waking the workers failed; the minute sweep finds the work',
        );
      })
      .finally(() => {
        this.#notifying = undefined;
        if (this.#again) {
          this.#again = false;
          this.#notifyOthers();
        }
      });
  }
}
