import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { waitFor } from '../../test/helpers/app.ts';
import { freshDatabase, requirePostgres, type TestDatabase } from '../../test/helpers/databases.ts';
import { type Database, type Db, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { ShortNameDirectory } from './directory.ts';

/** Organizations named `names` in us-east-1, committed by "another process"; `quietly`: with no notification. */
async function insertOrganizations(db: Db, names: string[], options: { quietly?: boolean } = {}) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    if (options.quietly) {
      await tx.execute(sql`alter table organizations disable trigger organizations_short_names_inserted`);
    }
    await tx.execute(sql`
      insert into organizations (id, subscription_id, name, short_name, region, locale, time_zone, state, setup, verification)
      select gen_random_uuid(), gen_random_uuid(), n, n, 'us-east-1', 'en', 'UTC', 'active', 'done', 'pending'
      from unnest(${`{${names.join(',')}}`}::text[]) n`);
    if (options.quietly) {
      await tx.execute(
        sql`alter table organizations enable always trigger organizations_short_names_inserted`,
      );
    }
  });
}

const names = (rows: { shortName: string }[]) => rows.map((r) => r.shortName).sort();

describe('short-name directory: previews from memory, kept exact by notifications', () => {
  let shared: TestDatabase;
  let other: Database;
  let here: ShortNameDirectory;
  let there: ShortNameDirectory;
  before(async () => {
    shared = await freshDatabase();
    await migrate(shared.database);
    // On PostgreSQL the second directory has a pool and a listener of its own, as another process would.
    other = shared.url ? await openDatabase({ kind: 'postgres', url: shared.url }) : shared.database;
    here = new ShortNameDirectory(shared.database);
    there = new ShortNameDirectory(other);
    await here.start();
    await there.start();
  });
  after(async () => {
    await here.stop();
    await there.stop();
    if (other !== shared.database) await other.close();
    await shared.drop();
  });

  test('an answer is kept: a change that sends no notification is not seen', async () => {
    assert.deepEqual(await here.whereNamesExist('kept', ['kept', 'kept2']), []);
    await insertOrganizations(shared.database.db, ['kept'], { quietly: true });
    assert.deepEqual(await here.whereNamesExist('kept', ['kept', 'kept2']), []);
  });

  test('a commit in any process reaches every directory at once', async () => {
    for (const directory of [here, there]) {
      assert.deepEqual(names(await directory.whereNamesExist('acme', ['acme', 'acme2', 'acme3'])), []);
    }
    await insertOrganizations(shared.database.db, ['acme2']);
    for (const directory of [here, there]) {
      await waitFor(
        async () => names(await directory.whereNamesExist('acme', ['acme', 'acme2', 'acme3']))[0] === 'acme2',
        'the new name in every directory',
        2000,
      );
    }
    // Answers not about that name are kept.
    assert.deepEqual(await here.whereNamesExist('kept', ['kept', 'kept2']), []);
  });

  test('a bulk change forgets every answer', async () => {
    assert.deepEqual(await there.whereNamesExist('bulk1', ['bulk1']), []);
    await insertOrganizations(
      other.db,
      Array.from({ length: 150 }, (_, i) => `bulk${i + 1}`),
    );
    await waitFor(
      async () => names(await there.whereNamesExist('bulk1', ['bulk1']))[0] === 'bulk1',
      'the bulk insert seen',
      2000,
    );
    // '*' dropped the quietly inserted name's stale answer too, in the other directory as well
    // (its listener hears the notification on a connection of its own, maybe a moment later).
    await waitFor(
      async () => names(await here.whereNamesExist('kept', ['kept', 'kept2']))[0] === 'kept',
      'the stale answer forgotten in every directory',
      2000,
    );
  });

  test('after a lost connection the database answers until listening again', async (t) => {
    if (!requirePostgres(t)) return;
    assert.deepEqual(await here.whereNamesExist('gap', ['gap']), []);
    await shared.database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'onramp-listen' and datname = current_database() and pid <> pg_backend_pid()`,
    );
    await insertOrganizations(shared.database.db, ['gap'], { quietly: true });
    await waitFor(
      async () => names(await here.whereNamesExist('gap', ['gap']))[0] === 'gap',
      'the answer read again from the database',
      2000,
    );
    // Listening again (after a second), answers are kept once more, and changes seen as before.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(await here.whereNamesExist('quiet', ['quiet']), []);
    await insertOrganizations(shared.database.db, ['quiet'], { quietly: true });
    assert.deepEqual(await here.whereNamesExist('quiet', ['quiet']), []);
    assert.deepEqual(await here.whereNamesExist('again', ['again']), []);
    await insertOrganizations(other.db, ['again']);
    await waitFor(
      async () => names(await here.whereNamesExist('again', ['again']))[0] === 'again',
      'a change after reconnecting',
      2000,
    );
  });
});
