import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freshDatabase, type TestDatabase } from '../../test/helpers/databases.ts';
import { migrate } from '../db/migrate.ts';
import { SharedHitCounter } from './shared-counter.ts';

let database: TestDatabase;
before(async () => {
  database = await freshDatabase();
  await migrate(database.database);
});
after(() => database.drop());

test('counts exactly within one process', async () => {
  const counter = new SharedHitCounter(database.database.db);
  const hits = [];
  for (let i = 0; i < 5; i++) hits.push((await counter.hit('solo', 60_000)).hits);
  assert.deepEqual(hits, [1, 2, 3, 4, 5]);
  await counter.close();
});

test('two processes sharing the database see each other after a flush', async () => {
  const a = new SharedHitCounter(database.database.db, { flushMs: 10 });
  const b = new SharedHitCounter(database.database.db, { flushMs: 10 });
  for (let i = 0; i < 3; i++) await a.hit('shared', 60_000);
  await a.flush();
  // b's first hit asks the database, which holds a's three.
  assert.equal((await b.hit('shared', 60_000)).hits, 4);
  for (let i = 0; i < 2; i++) await b.hit('shared', 60_000);
  await b.flush();
  await a.hit('shared', 60_000);
  await a.flush();
  assert.equal((await a.hit('shared', 60_000)).hits, 8, 'a learned b’s hits from its flush');
  await a.close();
  await b.close();
});

test('a new window starts from one', async () => {
  const counter = new SharedHitCounter(database.database.db, { flushMs: 10 });
  await counter.hit('short', 300);
  await counter.hit('short', 300);
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal((await counter.hit('short', 300)).hits, 1);
  await counter.close();
});

test('closing writes the hits still pending', async () => {
  const counter = new SharedHitCounter(database.database.db, { flushMs: 10_000 });
  await counter.hit('kept', 60_000);
  await counter.hit('kept', 60_000);
  await counter.close();
  const again = new SharedHitCounter(database.database.db);
  assert.equal((await again.hit('kept', 60_000)).hits, 3, 'close() flushed the pending hit');
  await again.close();
});
