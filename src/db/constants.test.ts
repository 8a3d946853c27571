import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PgDialect, pgTable, text } from 'drizzle-orm/pg-core';
import { isConstant } from './constants.ts';

const table = pgTable('things', { state: text('state') });
const dialect = new PgDialect();

test('constants are written into the statement, quoted, and bind nothing', () => {
  for (const [condition, expected] of [
    [isConstant(table.state, 'running'), `"things"."state" = 'running'`],
    [isConstant(table.state, "it's"), `"things"."state" = 'it''s'`],
  ] as const) {
    const query = dialect.sqlToQuery(condition);
    assert.equal(query.sql, expected);
    assert.deepEqual(query.params, []);
  }
});
