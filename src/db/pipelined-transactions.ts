import pg from 'pg';

/**
 * The wire side of `PreparingClient`'s transactions: a statement sent together with the BEGIN
 * before it or the COMMIT after it, in one message group that PostgreSQL answers in one round
 * trip. A group stops at its first error: a statement that fails to parse runs nothing (not
 * the BEGIN either), a statement that fails leaves its transaction open and aborted for the
 * caller's ROLLBACK, and a COMMIT that fails fails the statement's query, the transaction
 * rolled back.
 */

/** The connection's messages pg's Query sends (pg 8: lib/connection.js). */
type Wire = {
  parse(message: { text: string; name?: string }): void;
  bind(message: Record<string, unknown>): void;
  execute(message: { portal?: string; rows?: number }): void;
  sync(): void;
};

type QueryInternals = {
  portal: string;
  prepare(connection: Wire): void;
  handleCommandComplete(message: { text?: string }, connection: Wire): void;
};

const query = pg.Query.prototype as unknown as QueryInternals;

/** A parameterless statement in the group, in the unnamed statement and portal. */
function sendUnnamed(connection: Wire, text: string) {
  connection.parse({ text });
  connection.bind({});
  connection.execute({});
}

/**
 * pg's Query for one statement, with the BEGIN before it and the COMMIT after it sent along.
 * The BEGIN goes after the statement's Parse, so that it runs only if the statement parses,
 * and pg's note that the statement is parsed (it takes the group's first ParseComplete) is
 * true; it is only sent along with a named statement, whose own unnamed parse it would
 * replace otherwise.
 */
export class PipelinedQuery extends pg.Query {
  readonly #begin: boolean;
  readonly #commit: boolean;
  #begun = false;
  #done = false;
  /** Whether the COMMIT sent along completed (the statement and the transaction succeeded). */
  committed = false;

  constructor(
    config: pg.QueryConfig,
    values: unknown[] | undefined,
    pipelined: { begin: boolean; commit: boolean },
  ) {
    // Always the extended protocol: the simple one answers each statement on its own.
    super({ ...config, queryMode: 'extended' } as pg.QueryConfig, values as never);
    if (pipelined.begin && !config.name) throw new Error('a BEGIN goes along with a named statement only');
    this.#begin = pipelined.begin;
    this.#commit = pipelined.commit;
  }

  prepare(connection: Wire): void {
    if (!this.#begin) {
      query.prepare.call(this, connection);
      return;
    }
    let begun = false;
    const wire: Wire = Object.create(connection, {
      bind: {
        value: (message: Record<string, unknown>) => {
          if (!begun) sendUnnamed(connection, 'BEGIN');
          begun = true;
          connection.bind(message);
        },
      },
    });
    query.prepare.call(this, wire);
  }

  /** pg's last step of `prepare`: executes the statement, and syncs (here after the COMMIT). */
  _getRows(connection: Wire, rows?: number): void {
    connection.execute({ portal: (this as unknown as QueryInternals).portal, ...(rows ? { rows } : {}) });
    if (this.#commit) sendUnnamed(connection, 'COMMIT');
    connection.sync();
  }

  handleCommandComplete(message: { text?: string }, connection: Wire): void {
    if (this.#begin && !this.#begun) {
      this.#begun = true;
      return;
    }
    if (this.#done) {
      this.committed = message.text === 'COMMIT';
      return;
    }
    this.#done = true;
    query.handleCommandComplete.call(this, message, connection);
  }
}
