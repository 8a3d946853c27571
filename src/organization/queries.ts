import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { committedRows, InsertsAtCommit, writesAtCommit } from '../db/commit-hooks.ts';
import { compile, compileByKeys, compileSwitched, prefixed, unprefixed } from '../db/compiled.ts';
import {
  customerUsers,
  type OrganizationRow,
  type OrganizationState,
  organizations,
  type SetupState,
  type SubscriptionRow,
  subscriptions,
} from '../db/schema.ts';
import { type ProductLine, productLinesOf } from '../subscriptions/queries.ts';

/* The organization's own table: every read and write of `organizations` is here. */

export type NewOrganization = typeof organizations.$inferInsert;

const organizationById = compile<{ id: string }, OrganizationRow[]>(
  (db, p) => db.select().from(organizations).where(eq(organizations.id, p.id)),
  ['id'],
);

export async function findOrganization(db: Db, id: string): Promise<OrganizationRow | undefined> {
  const [row] = await organizationById(db, { id });
  return row;
}

/** The organization and the subscription it was activated from; `forUpdate` locks the organization. */
export async function findOrganizationWithSubscription(
  db: Db,
  id: string,
  options: { forUpdate?: boolean; withProducts?: boolean } = {},
): Promise<OrganizationWithSubscription | undefined> {
  const lookup = organizationLookup(options.forUpdate === true, options.withProducts === true);
  const [row] = await lookup(db, { id });
  return row;
}

/** The organization, its subscription and (when asked for) that one's products, by SKU. */
export type OrganizationWithSubscription = {
  organization: OrganizationRow;
  subscription: SubscriptionRow;
  /** Empty unless asked for (`withProducts`). */
  products: ProductLine[];
};
/** `findOrganizationWithSubscription`'s statements, by whether they lock and whether they read products. */
const organizationLookup = compileSwitched<{ id: string }, OrganizationWithSubscription[]>(
  (db, p, forUpdate, withProducts) => {
    const query = db
      .select({
        organization: organizations,
        subscription: subscriptions,
        products: withProducts ? productLinesOf(subscriptions.id) : sql<ProductLine[]>`'[]'::json`,
      })
      .from(organizations)
      .innerJoin(subscriptions, eq(subscriptions.id, organizations.subscriptionId))
      .where(eq(organizations.id, p.id));
    return forUpdate ? query.for('update', { of: organizations }) : query;
  },
  ['id'],
);

/** The organization's first admin: the person who activated it. */
export async function firstAdmin(db: Db, organizationId: string) {
  const [row] = await db
    .select()
    .from(customerUsers)
    .where(and(eq(customerUsers.organizationId, organizationId), eq(customerUsers.role, 'admin')))
    .orderBy(asc(customerUsers.createdAt))
    .limit(1);
  return row;
}

/**
 * Inserts the organization unless its (region, short name) is taken, committed or not: the
 * unique index decides races. Undefined when the name was taken.
 */
export async function insertOrganizationIfNameFree(
  tx: Db,
  values: NewOrganization,
): Promise<OrganizationRow | undefined> {
  const [row] = await insertOrganizationUnlessNameTaken(tx, values);
  return row;
}

const insertOrganizationUnlessNameTaken = compileByKeys<NewOrganization, OrganizationRow[]>((db, p) =>
  db
    .insert(organizations)
    .values(p as unknown as NewOrganization)
    .onConflictDoNothing({ target: [organizations.region, organizations.shortName] })
    .returning(),
);

type OrganizationChange = Partial<Omit<NewOrganization, 'id' | 'subscriptionId' | 'region' | 'shortName'>>;

/**
 * Applies `change` when the organization is in the expected state (when one is given); the
 * updated row, or undefined when it was not (another transaction moved it first).
 */
export async function updateOrganization(
  tx: Db,
  id: string,
  change: OrganizationChange,
  expected: { state?: OrganizationState; setup?: SetupState; verification?: 'pending' | 'verified' } = {},
): Promise<OrganizationRow | undefined> {
  const [row] = await updateOrganizationRow(tx, {
    id,
    ...prefixed('set.', change),
    ...prefixed('expected.', expected),
  });
  return row;
}

/** A new organization's row as it is first written: `values` and the table's defaults. */
function newOrganizationRow(values: NewOrganizationValues): OrganizationRow {
  return {
    ...values,
    state: 'provisioning',
    setup: 'pending',
    verification: 'pending',
    activatedAt: null,
    verifiedBy: null,
    verifiedAt: null,
    verificationNotes: null,
    verificationOverride: false,
    setupDoneAt: null,
  };
}

export type NewOrganizationValues = Pick<
  OrganizationRow,
  'id' | 'subscriptionId' | 'name' | 'shortName' | 'region' | 'locale' | 'timeZone' | 'createdAt'
>;

/**
 * Inserts a new organization with the statement `tx` runs as it commits (one round trip fewer,
 * and becoming `active` before then changes the row written rather than updating it). Nothing
 * before the commit reads it from the database; its unique indexes decide at the commit, where
 * a short name another transaction took meanwhile fails the transaction (`isShortNameTaken`).
 * Returns the row as it is written first.
 */
export async function insertOrganizationAtCommit(
  tx: Db,
  values: NewOrganizationValues,
): Promise<OrganizationRow> {
  const row = newOrganizationRow(values);
  await newOrganizations.add(tx, [row]);
  return row;
}

const newOrganizations = new InsertsAtCommit<OrganizationRow>('new_organizations', {
  write: async (tx, rows) => {
    await tx.insert(organizations).values(rows);
  },
  ctes: (rows) => sql`new_organizations as (
    insert into ${organizations} (id, subscription_id, name, short_name, region, locale, time_zone,
                                  state, created_at, activated_at)
    select r.id, r."subscriptionId", r.name, r."shortName", r.region, r.locale, r."timeZone", r.state,
           r."createdAt", r."activatedAt"
    from json_to_recordset(${rows}::json)
      as r(id uuid, "subscriptionId" uuid, name text, "shortName" text, region text, locale text,
           "timeZone" text, state text, "createdAt" timestamptz, "activatedAt" timestamptz)
  )`,
});

/**
 * Whether `error` is a commit that failed because the short name of the organization it wrote
 * (`insertOrganizationAtCommit`) was taken meanwhile.
 */
export function isShortNameTaken(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; constraint?: unknown } } | undefined)?.cause;
  return cause?.code === '23505' && cause.constraint === 'organizations_region_short_name_key';
}

type Activated = { id: string; at: string };

/**
 * An organization created in this transaction becomes `active`: written as it commits, into the
 * row itself when that is written then too. It is still `provisioning` until then, and nothing
 * before the commit reads its state.
 */
export async function markNewOrganizationActive(tx: Db, id: string, at: Date): Promise<void> {
  const inserted = newOrganizations.pending(tx, id);
  if (inserted) {
    Object.assign(inserted, { state: 'active', activatedAt: at });
    return;
  }
  await activatedAtCommit.add(tx, [{ id, at: at.toISOString() }]);
}

const activatedAtCommit = writesAtCommit<Db, Activated>(
  'organizations_activated',
  (rows) => sql`organizations_activated as (
      update ${organizations} o set state = 'active', activated_at = r.at
      from ${committedRows(rows, sql`id uuid, at timestamptz`)}
      where o.id = r.id and o.state = 'provisioning'
    )`,
);

/** The update of `updateOrganization`: `set.<column>` values, where `id` and `expected.<column>`. */
const updateOrganizationRow = compileByKeys<Record<string, unknown>, OrganizationRow[]>((db, p, keys) => {
  const expected = unprefixed('expected.', p, keys);
  return db
    .update(organizations)
    .set(unprefixed('set.', p, keys) as OrganizationChange)
    .where(
      and(
        eq(organizations.id, p.id as unknown as string),
        expected.state ? eq(organizations.state, expected.state as never) : undefined,
        expected.setup ? eq(organizations.setup, expected.setup as never) : undefined,
        expected.verification ? eq(organizations.verification, expected.verification as never) : undefined,
      ),
    )
    .returning();
});
