import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, requirePostgres } from '../../test/helpers/databases.ts';
import { openDatabase, queryRows } from './client.ts';

/** Resolves once `done()` holds, or fails after five seconds. */
async function until(done: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 500 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(await done(), what);
}

test('PostgreSQL: a process listens on all its channels over one connection, and again on all after losing it', async (t) => {
  if (!requirePostgres(t)) return;
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ kind: 'postgres', url });
  const heard: string[] = [];
  const listener = (channel: string) => ({
    message: (payload: string) => heard.push(`${channel}:${payload}`),
    listening: () => heard.push(`${channel} listening`),
    gap: () => heard.push(`${channel} gap`),
  });
  const listeners = () =>
    queryRows<{ pid: number }>(
      database.db,
      sql`select pid from pg_stat_activity where application_name = 'onramp-listen' and datname = current_database()`,
    );
  try {
    const stopFirst = await database.listen('first_channel', listener('first'));
    const stopSecond = await database.listen('second_channel', listener('second'));
    assert.equal((await listeners()).length, 1, 'one connection for both channels');
    await database.db.execute(sql`select pg_notify('first_channel', 'a'), pg_notify('second_channel', 'b')`);
    await until(() => heard.includes('first:a') && heard.includes('second:b'), 'each channel heard its own');

    heard.length = 0;
    await database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'onramp-listen' and datname = current_database()`);
    await until(
      () => heard.includes('first listening') && heard.includes('second listening'),
      'listening again',
    );
    assert.deepEqual(heard.slice(0, 2).sort(), ['first gap', 'second gap']);
    await database.db.execute(sql`select pg_notify('second_channel', 'c')`);
    await until(() => heard.includes('second:c'), 'heard after reconnecting');

    // Two listeners on one channel (processes sharing a handle, as in tests) both hear it.
    const stopAlso = await database.listen('second_channel', listener('also'));
    await database.db.execute(sql`select pg_notify('second_channel', 'both')`);
    await until(() => heard.includes('second:both') && heard.includes('also:both'), 'both listeners heard');
    await stopAlso();

    await stopFirst();
    await database.db.execute(
      sql`select pg_notify('first_channel', 'gone'), pg_notify('second_channel', 'd')`,
    );
    await until(() => heard.includes('second:d'), 'the other channel still heard');
    assert.ok(!heard.includes('first:gone'), 'a channel stopped is not heard');
    assert.ok(!heard.includes('also:d'), 'a listener stopped is not told');
    await stopSecond();
    await until(async () => (await listeners()).length === 0, 'the connection ends with the last channel');
  } finally {
    await database.close();
    await drop();
  }
});
