import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { freshDatabase, testDatabaseUrl } from '../../test/helpers/databases.ts';
import { type Database, type Db, openDatabase } from '../db/client.ts';
import { CommitBatch } from '../db/commit-hooks.ts';
import { Wake } from './wake.ts';

const quiet = { warn: () => {} };

/** Resolves once `count()` reaches `n`, or fails after two seconds (the sweep would take a minute). */
async function reaches(count: () => number, n: number, what: string) {
  for (let i = 0; i < 200 && count() < n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(count(), n, what);
}

describe('waking a dispatcher when a transaction that made work for it commits', () => {
  const cleanup: (() => Promise<void>)[] = [];
  after(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  /** A fresh database, and a second handle on it that stands for a web process (on PGlite, the same one). */
  async function databaseAndOther() {
    const fresh = await freshDatabase();
    cleanup.push(fresh.drop);
    const other = testDatabaseUrl
      ? await openDatabase({ kind: 'postgres', url: fresh.url as string })
      : fresh.database;
    if (other !== fresh.database) cleanup.push(() => other.close());
    return { fresh, other };
  }

  /** A process that runs the dispatcher, listening on `channel`; `woken()` counts its wakes. */
  async function listeningWorker(channel: string, database: Database) {
    let woken = 0;
    const wake = new Wake(channel, () => woken++, database.db, quiet);
    cleanup.push(await wake.listen(database));
    await reaches(() => woken, 1, 'listening wakes once, for what it may have missed');
    return { wake, woken: () => woken };
  }

  /** A process that runs no dispatcher: it wakes the others through `db`. */
  const webWake = (channel: string, db: Db) =>
    new Wake(channel, () => assert.fail('a web process runs no dispatcher'), db, quiet);

  test('in another process: by one NOTIFY after the commit, none after a rollback', async () => {
    const { fresh, other } = await databaseAndOther();
    const worker = await listeningWorker('onramp_test_due', fresh.database);
    const web = webWake('onramp_test_due', other.db);

    await other.db.transaction(async (tx) => {
      await web.atCommit(tx);
      await web.atCommit(tx);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(worker.woken(), 1, 'nothing before the commit');
    });
    await reaches(worker.woken, 2, 'one wake for the transaction, however much work it made');

    await other.db
      .transaction(async (tx) => {
        await web.atCommit(tx);
        throw new Error('rolled back');
      })
      .catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(worker.woken(), 2, 'a rollback wakes no one');

    await web.atCommit(other.db);
    await reaches(worker.woken, 3, 'outside a transaction, at once');
  });

  test('from the statement a transaction runs last, only if it made work: by NOTIFY elsewhere, directly here', async () => {
    const { fresh, other } = await databaseAndOther();
    const worker = await listeningWorker('onramp_test_part', fresh.database);
    const web = webWake('onramp_test_part', other.db);
    // A commit statement that makes `n` items of work, and wakes through `wake` if it made any.
    const work = (wake: Wake) =>
      new CommitBatch<Db, number>({
        write: async () => assert.fail('written with the commit statement'),
        part: (tx, [n]) => {
          const wakes = wake.wakeIf(tx);
          return {
            shape: `made ${wakes.shape}`,
            build: (value) => ({
              ctes: sql`made as (select generate_series(1, ${value('n')}::int) as item)`,
              scalar: wakes.scalar(sql`(select count(*)::int from made)`),
            }),
            values: { n: n ?? 0 },
            ...(wakes.afterwards ? { afterwards: wakes.afterwards } : {}),
          };
        },
      });
    const fromWeb = work(web);
    await other.db.transaction((tx) => fromWeb.add(tx, [0]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(worker.woken(), 1, 'no work, no NOTIFY');
    await other.db.transaction((tx) => fromWeb.add(tx, [3]));
    await reaches(worker.woken, 2, 'work made: one NOTIFY after the commit');

    const fromHere = work(worker.wake);
    await fresh.database.db.transaction((tx) => fromHere.add(tx, [0]));
    assert.equal(worker.woken(), 2, 'no work, no wake');
    await fresh.database.db.transaction((tx) => fromHere.add(tx, [2]));
    assert.equal(worker.woken(), 3, 'work made: woken at once after the commit');
  });

  test('in its own process: after the commit, without a NOTIFY', async () => {
    const fresh = await freshDatabase();
    cleanup.push(fresh.drop);
    const here = await listeningWorker('onramp_test_here', fresh.database);
    await fresh.database.db.transaction(async (tx) => {
      await here.wake.atCommit(tx);
      assert.equal(here.woken(), 1, 'not before the commit');
    });
    assert.equal(here.woken(), 2, 'at once after the commit');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(here.woken(), 2, 'no NOTIFY as well: it would wake this process a second time');
  });

  test('commits while a NOTIFY is under way share the next one; none is lost', async () => {
    const { fresh, other } = await databaseAndOther();
    const worker = await listeningWorker('onramp_test_shared', fresh.database);
    // The web process's NOTIFYs go through a gate, so that the test decides when each is sent.
    let open: () => void = () => {};
    let sent = 0;
    let waiting = 0;
    const gated = {
      execute: async (query: unknown) => {
        waiting++;
        await new Promise<void>((resolve) => {
          open = resolve;
        });
        sent++;
        return other.db.execute(query as never);
      },
    } as unknown as Db;
    const web = webWake('onramp_test_shared', gated);
    const commit = () => other.db.transaction((tx) => web.atCommit(tx));

    await commit();
    for (let i = 0; i < 4; i++) await commit();
    assert.equal(sent, 0, 'the first NOTIFY is still held at the gate');
    open();
    await reaches(worker.woken, 2, 'the first NOTIFY wakes the worker');
    // The four commits made while it was under way share one more, sent once it is done.
    await reaches(() => waiting, 2, 'a second NOTIFY follows the first');
    open();
    await reaches(worker.woken, 3, 'one NOTIFY for the four commits meanwhile');
    await web.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(sent, 2);
    assert.equal(worker.woken(), 3, 'five commits, two NOTIFYs');
  });

  test('a NOTIFY that fails is logged and the next commit sends one again', async () => {
    const { fresh } = await databaseAndOther();
    const worker = await listeningWorker('onramp_test_failed', fresh.database);
    const warnings: object[] = [];
    let failing = true;
    const flaky = {
      execute: async (query: unknown) => {
        if (failing) throw new Error('the connection dropped');
        return fresh.database.db.execute(query as never);
      },
    } as unknown as Db;
    const web = new Wake('onramp_test_failed', () => {}, flaky, { warn: (object) => warnings.push(object) });
    await fresh.database.db.transaction((tx) => web.atCommit(tx));
    await web.idle();
    assert.equal(warnings.length, 1, 'the failure is logged');
    failing = false;
    await fresh.database.db.transaction((tx) => web.atCommit(tx));
    await reaches(worker.woken, 2, 'the next commit wakes the worker');
  });
});
