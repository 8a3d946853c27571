/**
 * Work a transaction does last, just before it commits: several audit rows recorded along the
 * way go to the database in one statement instead of one each. Only transactions opened on a
 * `Database`'s `db` have hooks; a nested transaction (a savepoint) or a bare handle has none.
 */
type Hook = () => Promise<void>;

const hooks = new WeakMap<object, Hook[]>();

/** Runs `hook` in `tx` before it commits; false when `tx` takes no hooks (write at once instead). */
export function beforeCommit(tx: object, hook: Hook): boolean {
  const list = hooks.get(tx);
  if (!list) return false;
  list.push(hook);
  return true;
}

/** Runs `fn` in transaction `tx`, then the hooks it added, in order, before the commit. */
export async function withCommitHooks<T extends object, R>(tx: T, fn: (tx: T) => Promise<R>): Promise<R> {
  const list: Hook[] = [];
  hooks.set(tx, list);
  try {
    const result = await fn(tx);
    // A hook may add hooks (each runs once).
    for (let hook = list.shift(); hook; hook = list.shift()) await hook();
    return result;
  } finally {
    hooks.delete(tx);
  }
}
