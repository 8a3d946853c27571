import { timestamp } from 'drizzle-orm/pg-core';

/** A `timestamptz` column read as a JS Date: every time the schema stores. */
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
