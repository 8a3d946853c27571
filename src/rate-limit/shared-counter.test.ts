import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freshDatabase, type TestDatabase } from '../../test/helpers/databases.ts';
import { type Db, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { SharedHitCounter } from './shared-counter.ts';

let database: TestDatabase;
before(async () => {
  database = await freshDatabase();
  await migrate(database.database);
});
after(() => database.drop());

/** `db` counting the statements run through it (compiled statements go through its session). */
function countingStatements(db: Db): { counting: Db; statements: () => number } {
  let statements = 0;
  type Session = { prepareQuery(...args: unknown[]): { execute(...args: unknown[]): Promise<unknown> } };
  const internals = (db as unknown as { _: { session: Session } })._;
  const session = Object.create(internals.session) as Session;
  session.prepareQuery = (...args) => {
    const prepared = internals.session.prepareQuery(...args);
    return {
      execute: (...values) => {
        statements++;
        return prepared.execute(...values);
      },
    };
  };
  const counting = Object.create(db) as Db;
  Object.defineProperty(counting, '_', { value: { ...internals, session } });
  return { counting, statements: () => statements };
}

const allowedOf = async (counter: SharedHitCounter, key: string, count: number, max: number) =>
  (await Promise.all(Array.from({ length: count }, () => counter.hit(key, 60_000, max)))).filter(
    (h) => h.allowed,
  ).length;

test('one process allows exactly the limit, then refuses', async () => {
  const counter = new SharedHitCounter(database.database.db);
  const hits = [];
  for (let i = 0; i < 7; i++) hits.push(await counter.hit('solo', 60_000, 5));
  assert.deepEqual(
    hits.map((h) => h.allowed),
    [true, true, true, true, true, false, false],
  );
  assert.deepEqual(
    hits.slice(0, 5).map((h) => h.hits),
    [1, 2, 3, 4, 5],
  );
  counter.close();
});

test('two processes, 20 + 20 at once against a limit of 20: exactly 20 allowed', async () => {
  const a = new SharedHitCounter(database.database.db);
  const b = new SharedHitCounter(database.database.db);
  const [fromA, fromB] = await Promise.all([allowedOf(a, 'race', 20, 20), allowedOf(b, 'race', 20, 20)]);
  assert.equal(fromA + fromB, 20);
  a.close();
  b.close();
});

test('a high limit reserves in batches and still never exceeds it across processes', async () => {
  const counters = [1, 2, 3].map(() => new SharedHitCounter(database.database.db));
  const allowed = await Promise.all(counters.map((c) => allowedOf(c, 'busy', 200, 300)));
  assert.ok(allowed.reduce((sum, n) => sum + n, 0) <= 300);
  assert.ok(allowed.reduce((sum, n) => sum + n, 0) >= 270, 'at most a batch per process goes unused');
  for (const c of counters) c.close();
});

test('a new window starts from one', async () => {
  const counter = new SharedHitCounter(database.database.db);
  await counter.hit('short', 300, 2);
  await counter.hit('short', 300, 2);
  assert.equal((await counter.hit('short', 300, 2)).allowed, false);
  await new Promise((resolve) => setTimeout(resolve, 400));
  const next = await counter.hit('short', 300, 2);
  assert.equal(next.allowed, true);
  assert.equal(next.hits, 1);
  counter.close();
});

test('many new clients at once share a few statements, and every limit still holds across processes', async () => {
  const db = database.database.db;
  const { counting, statements } = countingStatements(db);
  const a = new SharedHitCounter(counting);
  const b = new SharedHitCounter(db);
  const keys = Array.from({ length: 60 }, (_, i) => `client-${i}`);
  // Each key has a limit of 2 and is hit twice by each process, in opposite orders at once.
  const hits = await Promise.all([
    ...keys.flatMap((key) => [a.hit(key, 60_000, 2), a.hit(key, 60_000, 2)]),
    ...[...keys].reverse().flatMap((key) => [b.hit(key, 60_000, 2), b.hit(key, 60_000, 2)]),
  ]);
  const allowed = new Map<string, number>();
  hits.forEach((hit, i) => {
    const key = i < 120 ? keys[i >> 1] : [...keys].reverse()[(i - 120) >> 1];
    if (hit.allowed && key) allowed.set(key, (allowed.get(key) ?? 0) + 1);
  });
  assert.deepEqual(
    keys.filter((key) => allowed.get(key) !== 2),
    [],
  );
  assert.ok(statements() >= 1, 'the statements are counted');
  assert.ok(statements() <= 4, `60 new keys took ${statements()} statements`);
  a.close();
  b.close();
});

test('new clients whose requests are read in one turn of the event loop share a statement, on PGlite too', async () => {
  // On PGlite (in this thread), whatever database the other tests use.
  const embedded = await openDatabase({ kind: 'pglite' });
  after(() => embedded.close());
  await migrate(embedded);
  const { counting, statements } = countingStatements(embedded.db);
  const counter = new SharedHitCounter(counting);
  // As a server reads requests: each from its own socket's callback, with microtasks run
  // between them (on PGlite a statement sent from one would run before the next is read).
  const hits = await Promise.all(
    Array.from(
      { length: 20 },
      (_, i) =>
        new Promise<boolean>((resolve, reject) =>
          setImmediate(() =>
            counter.hit(`reader-${i}`, 60_000, 5).then((hit) => resolve(hit.allowed), reject),
          ),
        ),
    ),
  );
  assert.deepEqual(hits, Array(20).fill(true));
  assert.ok(statements() >= 1, 'the statements are counted');
  assert.ok(statements() <= 2, `20 new clients took ${statements()} statements`);
  counter.close();
});
