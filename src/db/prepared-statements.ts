import { createHash } from 'node:crypto';
import pg from 'pg';
import { PipelinedQuery } from './pipelined-transactions.ts';

/** Names of the statements prepared so far, by their text; past the cap, statements go unnamed. */
const names = new Map<string, string>();
const maxNames = 2000;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < maxNames) {
    name = `onramp_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

type QueryConfig = { text?: unknown; name?: unknown; values?: unknown };

type Answer = { command: string; rowCount: null; rows: never[]; fields: never[] };
const answer = (command: string): Promise<Answer> =>
  Promise.resolve({ command, rowCount: null, rows: [], fields: [] });

/**
 * A connection that prepares each parameterized statement once, named after its text, and then
 * only binds and executes it: PostgreSQL parses it once per connection and can reuse its plan.
 * Parsing and planning every statement again was about a third of PostgreSQL's time per
 * activation. Statements without parameters (transactions, scripts) stay unnamed.
 *
 * Its transactions take two round trips fewer: the BEGIN waits for the first statement and goes
 * with it (a transaction with none sends nothing at all), and the statement a transaction runs
 * last (see `commitWithNextStatement`) takes the COMMIT along (`PipelinedQuery`).
 */
export class PreparingClient extends pg.Client {
  #beginPending = false;
  #commitNext = false;
  #committed = false;

  /**
   * The next statement commits the transaction as it succeeds: the caller's COMMIT then sends
   * nothing, and any other statement before it is refused.
   */
  commitAfterNextStatement(): void {
    this.#commitNext = true;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this one renames, and defers BEGIN and COMMIT
  override query(config: any, values?: any, callback?: any): any {
    const plain = callback === undefined && typeof values !== 'function' && isPlainConfig(config);
    const text = typeof config === 'string' ? config : plain ? (config as QueryConfig).text : undefined;
    const bare = values === undefined || (Array.isArray(values) && values.length === 0);
    if (plain && bare && (text === 'commit' || text === 'rollback')) {
      const unsent = this.#beginPending || this.#committed;
      this.#reset();
      if (unsent) return answer(text.toUpperCase());
    } else if (plain && bare && text === 'begin') {
      this.#reset();
      this.#beginPending = true;
      return answer('BEGIN');
    } else if (this.#committed) {
      return Promise.reject(new Error('this transaction has committed already: no statement may follow'));
    } else if (plain) {
      const statement = named(config, values) as pg.QueryConfig;
      const begin = this.#beginPending && statement.name !== undefined;
      if (this.#beginPending && !begin) {
        this.#beginPending = false;
        return super.query('begin').then(() => this.query(config, values));
      }
      if (begin || this.#commitNext) return this.#pipelined(statement, values, begin);
    } else if (this.#beginPending) {
      // A callback or a submittable: the BEGIN goes first, on its own (pg keeps the order).
      this.#beginPending = false;
      super.query('begin').catch(() => {});
    }
    return super.query(named(config, values) as typeof config, values, callback);
  }

  #pipelined(statement: pg.QueryConfig, values: unknown[] | undefined, begin: boolean) {
    const commit = this.#commitNext;
    this.#beginPending = false;
    this.#commitNext = false;
    const query = new PipelinedQuery(statement, values, { begin, commit });
    return new Promise((resolve, reject) => {
      (query as unknown as { callback: (error: Error | undefined, result: unknown) => void }).callback = (
        error,
        result,
      ) => {
        if (error) return reject(error);
        if (query.committed) this.#committed = true;
        resolve(result);
      };
      super.query(query);
    });
  }

  #reset() {
    this.#beginPending = false;
    this.#commitNext = false;
    this.#committed = false;
  }
}

function isPlainConfig(config: unknown): boolean {
  if (typeof config === 'string') return true;
  return typeof config === 'object' && config !== null && Object.getPrototypeOf(config) === Object.prototype;
}

/**
 * Has the transaction `tx` (a drizzle transaction on a `PreparingClient`) commit with its next
 * statement; false where its connection cannot (PGlite, a pool, a savepoint's caller).
 */
export function commitWithNextStatement(tx: object): boolean {
  const client = (tx as { _?: { session?: { client?: unknown } } })._?.session?.client;
  if (!(client instanceof PreparingClient)) return false;
  client.commitAfterNextStatement();
  return true;
}

function named(config: unknown, values: unknown): unknown {
  // Only plain query configs: a submittable (a cursor, a stream) keeps its own prototype.
  if (typeof config !== 'object' || config === null || Object.getPrototypeOf(config) !== Object.prototype) {
    return config;
  }
  const query = config as QueryConfig;
  if (typeof query.text !== 'string' || query.name !== undefined) return config;
  const parameters = Array.isArray(values) ? values : query.values;
  if (!Array.isArray(parameters) || parameters.length === 0) return config;
  const name = nameOf(query.text);
  return name === undefined ? config : { ...query, name };
}
