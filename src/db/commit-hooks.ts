/**
 * Work a transaction does last, just before it commits: several audit rows or events recorded
 * along the way go to the database in one statement instead of one each. Only transactions opened on a
 * `Database`'s `db` have hooks; a nested transaction (a savepoint) or a bare handle has none.
 */
type Hook = () => Promise<void>;

const hooks = new WeakMap<object, Hook[]>();
const afterHooks = new WeakMap<object, (() => void)[]>();

/** Runs `hook` in `tx` before it commits; false when `tx` takes no hooks (write at once instead). */
export function beforeCommit(tx: object, hook: Hook): boolean {
  const list = hooks.get(tx);
  if (!list) return false;
  list.push(hook);
  return true;
}

/**
 * Calls `fn` once `tx` has committed, never if it rolls back: work for this process to start
 * on what the transaction wrote (send the email it queued). Where `tx` takes no hooks (a bare
 * handle, whose statements commit at once, or a savepoint) it is called at once.
 */
export function afterCommit(tx: object, fn: () => void): void {
  const list = afterHooks.get(tx);
  if (list) list.push(fn);
  else fn();
}

/**
 * Runs `fn` in transaction `tx`, then the hooks it added, in order, before the commit; the
 * after-commit hooks it adds go to `after`, for the caller to call once the commit succeeded.
 */
export async function withCommitHooks<T extends object, R>(
  tx: T,
  fn: (tx: T) => Promise<R>,
  after: (() => void)[] = [],
): Promise<R> {
  const list: Hook[] = [];
  hooks.set(tx, list);
  afterHooks.set(tx, after);
  try {
    const result = await fn(tx);
    // A hook may add hooks (each runs once).
    for (let hook = list.shift(); hook; hook = list.shift()) await hook();
    return result;
  } finally {
    hooks.delete(tx);
    afterHooks.delete(tx);
  }
}

/**
 * Rows a transaction records along the way and `write`s in one go just before it commits (audit
 * rows, events). Where the handle takes no hooks (a savepoint, a bare handle) they are written at
 * once.
 */
export class CommitBatch<Tx extends object, Row> {
  readonly #pending = new WeakMap<Tx, Row[]>();
  readonly #write: (tx: Tx, rows: Row[]) => Promise<void>;

  constructor(write: (tx: Tx, rows: Row[]) => Promise<void>) {
    this.#write = write;
  }

  async add(tx: Tx, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const queued = this.#pending.get(tx);
    if (queued) {
      queued.push(...rows);
      return;
    }
    const batch = [...rows];
    const flush = async () => {
      this.#pending.delete(tx);
      await this.#write(tx, batch);
    };
    if (beforeCommit(tx, flush)) this.#pending.set(tx, batch);
    else await this.#write(tx, batch);
  }
}
