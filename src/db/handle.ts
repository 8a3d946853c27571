import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/** A database handle or a transaction on it: every query function takes one of these. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
