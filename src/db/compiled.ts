import { type Placeholder, type Query, SQL, sql } from 'drizzle-orm';
import { PgDatabase, PgDialect, type PgQueryResultHKT, type PgSession } from 'drizzle-orm/pg-core';
import type { Db } from './handle.ts';

/** What a query builder hands its session when it is prepared: its text, and how to map its rows. */
type Recorded = {
  query: Query;
  fields: unknown;
  arrayMode: boolean;
  mapper: unknown;
  meta: unknown;
  joinsNotNullableMap?: unknown;
  setToken(): Recorded;
};

/** A session that only records what a builder would prepare (see `compile`). */
const recordingSession = {
  prepareQuery(
    query: Query,
    fields: unknown,
    _name: unknown,
    arrayMode: boolean,
    mapper: unknown,
    meta: unknown,
  ): Recorded {
    return {
      query,
      fields,
      arrayMode,
      mapper,
      meta,
      setToken() {
        return this;
      },
    };
  },
} as unknown as PgSession;

/** A database handle whose builders are only ever prepared, never executed. */
const compiling = new PgDatabase(new PgDialect(), recordingSession, undefined) as unknown as Db;

type Preparable = { prepare(name: string): unknown };

/** Placeholders named after the keys, for `build` to use where the values go. */
export type Placeholders<K extends string> = Record<K, Placeholder<K>>;

/**
 * `Placeholders`, where a key whose value is null in this shape of the statement holds null
 * itself: a placeholder's value is always encoded for its column, so a null would become JSON
 * `null`, or fail for a timestamp.
 */
export type NullablePlaceholders<K extends string> = Record<K, Placeholder<K> | null>;

/**
 * A statement built once by drizzle's query builder, with placeholders where its values go, and
 * then executed with fresh values in any transaction or pool. Drizzle builds a statement's text
 * anew on every call; for the statements of an activation that was about a fifth of the main
 * thread's time. The rows are mapped as the builder maps them.
 */
export function compile<V extends Record<string, unknown>, R>(
  build: (db: Db, values: Placeholders<Extract<keyof V, string>>) => PromiseLike<R>,
  keys: readonly Extract<keyof V, string>[],
  nullKeys: ReadonlySet<string> = new Set(),
): (tx: Db, values: V) => Promise<R> {
  const placeholders = Object.fromEntries(
    keys.map((key) => [key, nullKeys.has(key) ? null : sql.placeholder(key)]),
  ) as Placeholders<Extract<keyof V, string>>;
  const recorded = (build(compiling, placeholders) as unknown as Preparable).prepare('compiled') as Recorded;
  return (tx, values) => {
    const session = (tx as unknown as { _: { session: PgSession<PgQueryResultHKT> } })._.session;
    const prepared = session.prepareQuery(
      recorded.query,
      recorded.fields as never,
      undefined,
      recorded.arrayMode,
      recorded.mapper as never,
      recorded.meta as never,
    ) as unknown as { joinsNotNullableMap?: unknown; execute(values: V): Promise<R> };
    if (recorded.joinsNotNullableMap) prepared.joinsNotNullableMap = recorded.joinsNotNullableMap;
    return prepared.execute(values);
  };
}

type Statement<V, R> = (tx: Db, values: V) => Promise<R>;

const dialect = new PgDialect();

/**
 * `compile` for a statement written in SQL (drizzle's `sql`): `build` puts placeholders where
 * its values go, its text is made once, and each call binds the values and answers the rows as
 * the driver reads them. Only values bind: a placeholder never stands for SQL.
 */
export function compileSql<V extends Record<string, unknown>, Row>(
  build: (values: Placeholders<Extract<keyof V, string>>) => SQL,
  keys: readonly Extract<keyof V, string>[],
): Statement<V, Row[]> {
  const placeholders = Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as Placeholders<
    Extract<keyof V, string>
  >;
  const query = dialect.sqlToQuery(build(placeholders));
  return async (tx, values) => {
    for (const key of keys) {
      if (values[key] instanceof SQL)
        throw new TypeError(`a compiled statement takes values, not SQL (${key})`);
    }
    const session = (tx as unknown as { _: { session: PgSession<PgQueryResultHKT> } })._.session;
    const prepared = session.prepareQuery(query, undefined, undefined, false) as unknown as {
      execute(values: V): Promise<{ rows: Row[] }>;
    };
    return (await prepared.execute(values)).rows;
  };
}

/**
 * `compile` for a statement with two switches (whether it locks, whether it reads more along):
 * its four statements are made up front, and each call picks the one for its switches.
 */
export function compileSwitched<V extends Record<string, unknown>, R>(
  build: (
    db: Db,
    values: Placeholders<Extract<keyof V, string>>,
    first: boolean,
    second: boolean,
  ) => PromiseLike<R>,
  keys: readonly Extract<keyof V, string>[],
): (first: boolean, second: boolean) => Statement<V, R> {
  const statements = new Map<string, Statement<V, R>>();
  for (const first of [false, true]) {
    for (const second of [false, true]) {
      statements.set(
        `${first},${second}`,
        compile<V, R>((db, p) => build(db, p, first, second), keys),
      );
    }
  }
  return (first, second) => statements.get(`${first},${second}`) as Statement<V, R>;
}

/**
 * `compile` for values whose keys vary from call to call (an insert of the columns given, the
 * rest left to their defaults): one compiled statement per set of keys, and of those that are
 * null, made on first use.
 */
export function compileByKeys<V extends Record<string, unknown>, R>(
  build: (
    db: Db,
    values: NullablePlaceholders<Extract<keyof V, string>>,
    keys: Extract<keyof V, string>[],
  ) => PromiseLike<R>,
): (tx: Db, values: V) => Promise<R> {
  const byKeys = new Map<string, (tx: Db, values: V) => Promise<R>>();
  return (tx, values) => {
    const keys = Object.keys(values).filter((key) => values[key] !== undefined) as Extract<keyof V, string>[];
    for (const key of keys) {
      if (values[key] instanceof SQL) {
        return Promise.reject(new TypeError(`a compiled statement takes values, not SQL (${key})`));
      }
    }
    const id = keys.map((key) => (values[key] === null ? `${key}=null` : key)).join(',');
    let statement = byKeys.get(id);
    if (!statement) {
      const nullKeys = new Set(keys.filter((key) => values[key] === null));
      statement = compile<V, R>((db, placeholders) => build(db, placeholders, keys), keys, nullKeys);
      byKeys.set(id, statement);
    }
    return statement(tx, values);
  };
}

/**
 * `values` under names that start with `prefix`, for a statement compiled by keys that takes
 * values of several kinds (what an update sets, what it expects): see `unprefixed`.
 */
export function prefixed(prefix: string, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}${key}`, value]));
}

/** The placeholders among `keys` named with `prefix`, under their own names again. */
export function unprefixed<K extends string>(
  prefix: string,
  placeholders: NullablePlaceholders<K>,
  keys: readonly K[],
): Record<string, Placeholder<K> | null> {
  return Object.fromEntries(
    keys.filter((key) => key.startsWith(prefix)).map((key) => [key.slice(prefix.length), placeholders[key]]),
  );
}
