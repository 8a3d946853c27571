import { type SQL, sql } from 'drizzle-orm';

/**
 * A PostgreSQL array literal of `values`, strings quoted and escaped: one parameter instead of
 * one per value (PGlite parses one literal much faster than dozens of bound parameters).
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** `values` as one text[] parameter. */
export function textArray(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::text[]`;
}
