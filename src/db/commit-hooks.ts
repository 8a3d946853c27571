import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { compileSql } from './compiled.ts';
import type { Db } from './handle.ts';
import { commitWithNextStatement } from './prepared-statements.ts';

/**
 * Work a transaction does last, just before it commits: several audit rows or events recorded
 * along the way go to the database in one statement instead of one each. Only transactions opened on a
 * `Database`'s `db` have hooks; a nested transaction (a savepoint) or a bare handle has none.
 */
type Hook = () => Promise<void>;

const hooks = new WeakMap<object, Hook[]>();
const afterHooks = new WeakMap<object, (() => void)[]>();
const rollbackHooks = new WeakMap<object, (() => void)[]>();
/** Transactions whose last statement took their COMMIT along. */
const committed = new WeakSet<object>();

/** Runs `hook` in `tx` before it commits; false when `tx` takes no hooks (write at once instead). */
export function beforeCommit(tx: object, hook: Hook): boolean {
  const list = hooks.get(tx);
  if (!list) return false;
  if (committed.has(tx))
    throw new Error('a hook added after its transaction committed with its last statement');
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

/** `afterCommit`, unless `fn` itself is already to be called after `tx` commits. */
export function afterCommitOnce(tx: object, fn: () => void): void {
  if (afterHooks.get(tx)?.includes(fn)) return;
  afterCommit(tx, fn);
}

/**
 * Calls `fn` if `tx` rolls back (or its commit fails), never once it committed: to give back
 * what was held for work the transaction would have made. False where `tx` takes no hooks.
 */
export function afterRollback(tx: object, fn: () => void): boolean {
  const list = rollbackHooks.get(tx);
  if (!list) return false;
  list.push(fn);
  return true;
}

/**
 * Runs `fn` in transaction `tx`, then the hooks it added, in order, before the commit; the
 * after-commit hooks it adds go to `after`, for the caller to call once the commit succeeded,
 * and the after-rollback hooks to `abandoned`, for the caller to call if it did not.
 */
export async function withCommitHooks<T extends object, R>(
  tx: T,
  fn: (tx: T) => Promise<R>,
  after: (() => void)[] = [],
  abandoned: (() => void)[] = [],
): Promise<R> {
  const list: Hook[] = [];
  hooks.set(tx, list);
  afterHooks.set(tx, after);
  rollbackHooks.set(tx, abandoned);
  try {
    const result = await fn(tx);
    // A hook may add hooks (each runs once).
    for (let hook = list.shift(); hook; hook = list.shift()) await hook();
    return result;
  } finally {
    hooks.delete(tx);
    afterHooks.delete(tx);
    rollbackHooks.delete(tx);
    committed.delete(tx);
  }
}

/**
 * A part of the one statement a transaction runs last, just before it commits: several batches
 * (audit rows, events) write in one round trip. The statement is made once for each sequence of
 * part shapes and then only takes fresh values: building it anew took a tenth of a millisecond
 * per transaction.
 */
export type CommitPart = {
  /** Names what `build` makes: parts of one shape always make the same SQL, but for `values`. */
  shape: string;
  /**
   * The part's SQL, with `value(name)` wherever a value of `values` goes: `ctes`, common table
   * expressions that write (their names differ from other parts'), and `scalar`, a value for
   * `afterwards` (a count of what they wrote, the ids they inserted).
   */
  build(value: (name: string) => CommitValue): { ctes?: SQL; scalar?: SQL };
  values?: Record<string, unknown>;
  /**
   * Called with the scalar as the driver read it once the statement ran; it may be the statement
   * that committed the transaction, so this only notes work for after the commit (`afterCommit`).
   */
  afterwards?: (scalar: unknown) => Promise<void>;
};

/** A scalar expression of the commit statement (a part's `scalar`), for parts that depend on another's. */
export type CommitScalar = SQL;

/** Where a value goes in a part's SQL: a placeholder of the statement made once, or the value itself. */
export type CommitValue = SQLWrapper;

type Executor = { execute(query: SQL): PromiseLike<unknown> };

const statementParts = new WeakMap<object, CommitPart[]>();

/** Adds `part` to the statement `tx` runs just before it commits; false when `tx` takes no hooks. */
function addCommitPart(tx: Executor, part: CommitPart): boolean {
  const pending = statementParts.get(tx);
  if (pending) {
    pending.push(part);
    return true;
  }
  const parts = [part];
  const run = async () => {
    statementParts.delete(tx);
    await runCommitStatement(tx, parts);
  };
  if (!beforeCommit(tx, run)) return false;
  statementParts.set(tx, parts);
  return true;
}

type CommitStatement = (tx: Db, values: Record<string, unknown>) => Promise<Record<string, unknown>[]>;

/** Commit statements made so far, by the shapes of their parts; past the cap, made each time. */
const commitStatements = new Map<string, CommitStatement>();
const maxCommitStatements = 500;

/** The statement of parts of these shapes: placeholders `<part>:<name>` where their values go. */
function commitStatementOf(parts: readonly CommitPart[]): CommitStatement {
  const shape = parts.map((part) => part.shape).join(' ');
  const made = commitStatements.get(shape);
  if (made) return made;
  const keys = parts.flatMap((part, i) => Object.keys(part.values ?? {}).map((name) => `${i}:${name}`));
  const statement = compileSql<Record<string, unknown>, Record<string, unknown>>((placeholders) => {
    const built = parts.map((part, i) => part.build((name) => placeholders[`${i}:${name}`] ?? missing(name)));
    const ctes = built.flatMap((part) => (part.ctes ? [part.ctes] : []));
    const scalars = built.map((part, i) => sql`${part.scalar ?? sql`0`} as ${sql.identifier(`v${i}`)}`);
    return sql`${ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)} ` : sql``}select ${sql.join(scalars, sql`, `)}`;
  }, keys);
  if (commitStatements.size < maxCommitStatements) commitStatements.set(shape, statement);
  return statement;
}

function missing(name: string): never {
  throw new Error(`a commit part uses a value it does not give: ${name}`);
}

/**
 * Runs the statement of `parts`. When it is the transaction's last hook, it takes the COMMIT
 * along where the connection can (one round trip fewer); the `afterwards` of its parts then run
 * with the transaction committed, so they may only note work for after the commit.
 */
async function runCommitStatement(tx: Executor, parts: CommitPart[]): Promise<void> {
  const values: Record<string, unknown> = {};
  for (const [i, part] of parts.entries()) {
    for (const [name, value] of Object.entries(part.values ?? {})) values[`${i}:${name}`] = value;
  }
  const statement = commitStatementOf(parts);
  if (hooks.get(tx)?.length === 0 && commitWithNextStatement(tx)) committed.add(tx);
  const [row = {}] = await statement(tx as unknown as Db, values);
  for (const [i, part] of parts.entries()) await part.afterwards?.(row[`v${i}`]);
}

/** A part's SQL with its values in place, for a statement made at once (where there are no hooks). */
export function builtAtOnce(part: Pick<CommitPart, 'build' | 'values'>): { ctes?: SQL; scalar?: SQL } {
  const values = part.values ?? {};
  return part.build((name) => sql`${name in values ? values[name] : missing(name)}`);
}

/**
 * A batch's rows (`rowsJson`, a JSON array of objects) as the table `r` with `columns`, for a
 * statement that updates the rows they name: the planner expects about one row (migration 0023)
 * and looks each up by its key, where with json_to_recordset it expected 100 and hashed the whole
 * table instead.
 */
export function committedRows(rowsJson: SQLWrapper, columns: SQL): SQL {
  return sql`commit_rows(${rowsJson}::json) as element, json_to_record(element) as r(${columns})`;
}

/**
 * A `CommitBatch` of writes made only by common table expressions (`ctes`, given the batch's
 * rows as one JSON value): part of the commit statement, of shape `shape`, or at once as
 * `with … select 1` where the handle takes no hooks.
 */
export function writesAtCommit<Tx extends Executor, Row>(
  shape: string,
  ctes: (rowsJson: CommitValue) => SQL,
): CommitBatch<Tx, Row> {
  return new CommitBatch<Tx, Row>({
    write: async (tx, rows) => {
      await tx.execute(sql`with ${ctes(sql`${JSON.stringify(rows)}`)} select 1`);
    },
    part: (_tx, rows) => ({
      shape,
      build: (value) => ({ ctes: ctes(value('rows')) }),
      values: { rows: JSON.stringify(rows) },
    }),
  });
}

/**
 * Rows a transaction records along the way and writes in one go just before it commits (audit
 * rows, events): `part` makes them a part of the one statement the transaction runs then (see
 * `CommitPart`). Where the handle takes no hooks (a savepoint, a bare handle) `write` writes
 * them at once.
 */
export class CommitBatch<Tx extends Executor, Row> {
  readonly #pending = new WeakMap<Tx, Row[]>();
  readonly #write: (tx: Tx, rows: Row[]) => Promise<void>;
  readonly #part: (tx: Tx, rows: Row[]) => CommitPart;

  constructor(options: { write(tx: Tx, rows: Row[]): Promise<void>; part(tx: Tx, rows: Row[]): CommitPart }) {
    this.#write = options.write;
    this.#part = options.part;
  }

  /** Adds `rows`: true when they wait for the commit, false when they were written at once. */
  async add(tx: Tx, rows: readonly Row[]): Promise<boolean> {
    if (rows.length === 0) return false;
    const queued = this.#pending.get(tx);
    if (queued) {
      queued.push(...rows);
      return true;
    }
    const batch = [...rows];
    // At commit the batch becomes a part of the statement that writes all batches.
    const flush = async () => {
      this.#pending.delete(tx);
      // Still in `tx`'s commit hooks, so it takes the part.
      addCommitPart(tx, this.#part(tx, batch));
    };
    if (beforeCommit(tx, flush)) {
      this.#pending.set(tx, batch);
      return true;
    }
    await this.#write(tx, batch);
    return false;
  }
}

/**
 * Rows inserted with the statement their transaction runs as it commits, which the transaction
 * may still change until then (`pending`): a change made before the commit is written into the
 * insert, with no update of a row just inserted. Where the handle takes no hooks they are
 * inserted at once, and `pending` finds none.
 */
export class InsertsAtCommit<Row extends { id: string }> {
  readonly #pending = new WeakMap<object, Map<string, Row>>();
  readonly #batch: CommitBatch<Db, Row>;

  constructor(
    shape: string,
    options: { ctes(rowsJson: CommitValue): SQL; write(tx: Db, rows: Row[]): Promise<void> },
  ) {
    this.#batch = new CommitBatch<Db, Row>({
      write: options.write,
      part: (tx, rows) => {
        // From here on the rows are in the statement: a later change would be lost.
        this.#pending.delete(tx);
        return {
          shape,
          build: (value) => ({ ctes: options.ctes(value('rows')) }),
          values: { rows: JSON.stringify(rows) },
        };
      },
    });
  }

  /** Inserts copies of `rows` as `tx` commits: the caller's own rows never change. */
  async add(tx: Db, rows: readonly Row[]): Promise<void> {
    const written = rows.map((row) => ({ ...row }));
    if (!(await this.#batch.add(tx, written))) return;
    const known = this.#pending.get(tx) ?? new Map<string, Row>();
    for (const row of written) known.set(row.id, row);
    this.#pending.set(tx, known);
  }

  /** The row `id` that `tx` has yet to insert, to change before it commits; undefined otherwise. */
  pending(tx: Db, id: string): Row | undefined {
    return this.#pending.get(tx)?.get(id);
  }
}
