import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * `column = 'value'` with the value written into the statement instead of bound. PostgreSQL may
 * plan a prepared statement once for any values (its generic plan, tried after five runs), and
 * such a plan can use a partial index (`WHERE state = 'running'`) only if the statement itself
 * says so; bound, a rare state reads the whole table. Only for values the code chose: its own
 * constants, or one of an enum's values that the input was checked against.
 */
export function isConstant(column: AnyColumn, value: string): SQL {
  return sql`${column} = ${sql.raw(`'${value.replaceAll("'", "''")}'`)}`;
}
