import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { freshDatabase, type TestDatabase } from '../../test/helpers/databases.ts';
import { queryRows } from './client.ts';
import { compile, compileByKeys, compileSql } from './compiled.ts';

const notes = pgTable('compiled_notes', {
  id: serial('id').primaryKey(),
  body: text('body').notNull(),
  kind: text('kind').notNull().default('plain'),
  data: jsonb('data').$type<Record<string, unknown>>(),
  dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
type NewNote = typeof notes.$inferInsert;

const insertNote = compileByKeys<NewNote, (typeof notes.$inferSelect)[]>((db, p) =>
  db
    .insert(notes)
    .values(p as unknown as NewNote)
    .returning(),
);
const noteById = compile<{ id: number }, (typeof notes.$inferSelect)[]>(
  (db, p) => db.select().from(notes).where(eq(notes.id, p.id)),
  ['id'],
);

let database: TestDatabase;
before(async () => {
  database = await freshDatabase();
  await database.database.db.execute(sql`create table compiled_notes (
    id serial primary key, body text not null, kind text not null default 'plain', data jsonb,
    due_at timestamptz, created_at timestamptz not null default now())`);
});
after(() => database.drop());

test('a compiled insert writes the values given, leaves the others to their defaults, and maps the rows', async () => {
  const { db } = database.database;
  const due = new Date('2026-12-24T09:00:00.000Z');
  const cases: { values: NewNote; kind: string; data: unknown; dueAt: Date | null }[] = [
    { values: { body: 'defaults' }, kind: 'plain', data: null, dueAt: null },
    {
      values: { body: 'given', kind: 'todo', data: { n: 1 }, dueAt: due },
      kind: 'todo',
      data: { n: 1 },
      dueAt: due,
    },
    // Nulls are SQL NULL, not JSON null, and a null timestamp is no error.
    { values: { body: 'nulls', data: null, dueAt: null }, kind: 'plain', data: null, dueAt: null },
    {
      values: { body: 'again', kind: 'todo', data: { n: 2 }, dueAt: due },
      kind: 'todo',
      data: { n: 2 },
      dueAt: due,
    },
  ];
  for (const { values, kind, data, dueAt } of cases) {
    const [row] = await insertNote(db, values);
    assert.ok(row);
    assert.equal(row.body, values.body);
    assert.equal(row.kind, kind);
    assert.deepEqual(row.data, data);
    assert.deepEqual(row.dueAt, dueAt);
    assert.ok(row.createdAt instanceof Date);
    const [stored] = await queryRows<{ data_is_null: boolean }>(
      db,
      sql`select data is null as data_is_null from compiled_notes where id = ${row.id}`,
    );
    assert.equal(stored?.data_is_null, data === null, `${values.body}: SQL NULL exactly when null`);
  }
});

test('a compiled statement runs in the transaction it is given, and rolls back with it', async () => {
  const { db } = database.database;
  let id = 0;
  await assert.rejects(
    db.transaction(async (tx) => {
      const [row] = await insertNote(tx, { body: 'in a transaction' });
      id = row?.id ?? 0;
      assert.equal((await noteById(tx, { id }))[0]?.body, 'in a transaction');
      throw new Error('roll back');
    }),
    /roll back/,
  );
  assert.deepEqual(await noteById(db, { id }), []);
});

test('a compiled statement takes values, not SQL', async () => {
  await assert.rejects(
    insertNote(database.database.db, { body: sql`'injected'` as unknown as string }),
    /takes values, not SQL \(body\)/,
  );
});

const notesOfKind = compileSql<
  { kind: string; since: string; bodies: string },
  { body: string; late: boolean }
>(
  (p) => sql`select body, due_at > ${p.since}::timestamptz as late from compiled_notes
             where kind = ${p.kind} and body = any(${p.bodies}::text[]) order by id`,
  ['kind', 'since', 'bodies'],
);

test('a statement compiled from SQL binds fresh values on every call, in the transaction given', async () => {
  const { db } = database.database;
  await db.transaction(async (tx) => {
    await insertNote(tx, { body: 'sql 1', kind: 'sql', dueAt: new Date('2027-01-02T00:00:00.000Z') });
    await insertNote(tx, { body: 'sql 2', kind: 'sql', dueAt: new Date('2026-01-02T00:00:00.000Z') });
    await insertNote(tx, { body: "it's 3", kind: 'sql' });
    const since = '2026-06-01T00:00:00.000Z';
    const cases: [string, string, { body: string; late: boolean | null }[]][] = [
      [
        'sql',
        '{"sql 1","sql 2"}',
        [
          { body: 'sql 1', late: true },
          { body: 'sql 2', late: false },
        ],
      ],
      ['sql', '{"it\'s 3"}', [{ body: "it's 3", late: null }]],
      ["sql' or '1'='1", '{"sql 1"}', []],
    ];
    for (const [kind, bodies, expected] of cases) {
      assert.deepEqual(await notesOfKind(tx, { kind, since, bodies }), expected, `${kind} ${bodies}`);
    }
  });
  await assert.rejects(
    notesOfKind(db, { kind: sql`kind` as unknown as string, since: '2026-01-01', bodies: '{}' }),
    /takes values, not SQL \(kind\)/,
  );
});
