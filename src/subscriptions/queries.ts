import { and, desc, eq, ilike, inArray, isNull, lt, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  activationTokens,
  organizations,
  type SubscriptionRow,
  subscriptionProducts,
  subscriptions,
} from '../db/schema.ts';

export async function insertSubscription(db: Db, values: typeof subscriptions.$inferInsert) {
  const [row] = await db.insert(subscriptions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function insertSubscriptionProducts(
  db: Db,
  subscriptionId: string,
  products: { sku: string; quantity: number }[],
) {
  await db.insert(subscriptionProducts).values(products.map((p) => ({ subscriptionId, ...p })));
}

export async function findSubscription(db: Db, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(subscriptions).where(eq(subscriptions.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export type ProductLine = { sku: string; quantity: number };

/** Products read by a transaction that does not change them (an activation), by subscription. */
const keptProducts = new WeakMap<Db, Map<string, ProductLine[]>>();

/**
 * The products of one subscription; with `keep`, the transaction promises not to change them,
 * and its later calls reuse what this one read (an activation reads them for the run it
 * starts, and provisioning, worked in the same transaction, for the organization's events).
 */
export async function productsOfOne(
  db: Db,
  subscriptionId: string,
  options: { keep?: boolean } = {},
): Promise<ProductLine[]> {
  const kept = keptProducts.get(db)?.get(subscriptionId);
  if (kept) return kept;
  const lines = (await productsOf(db, [subscriptionId])).get(subscriptionId) ?? [];
  if (options.keep) keepProducts(db, subscriptionId, lines);
  return lines;
}

/**
 * The products of the subscription whose id is `subscriptionId` (a column of the outer query), as
 * a JSON array of product lines by SKU: for a query that reads them along with other things.
 */
export function productLinesOf(subscriptionId: SQLWrapper): SQL<ProductLine[]> {
  return sql<ProductLine[]>`coalesce((
    select json_agg(json_build_object('sku', p.sku, 'quantity', p.quantity) order by p.sku)
    from ${subscriptionProducts} p where p.subscription_id = ${subscriptionId}), '[]'::json)`;
}

/** `keep` for products read along with something else (see `productsOfOne`). */
export function keepProducts(db: Db, subscriptionId: string, lines: ProductLine[]): void {
  keptProducts.set(db, new Map([[subscriptionId, lines]]));
}

export async function productsOf(db: Db, subscriptionIds: string[]) {
  if (subscriptionIds.length === 0) return new Map<string, { sku: string; quantity: number }[]>();
  const rows = await db
    .select()
    .from(subscriptionProducts)
    .where(inArray(subscriptionProducts.subscriptionId, subscriptionIds))
    .orderBy(subscriptionProducts.sku);
  const bySubscription = new Map<string, { sku: string; quantity: number }[]>();
  for (const row of rows) {
    bySubscription.set(row.subscriptionId, [
      ...(bySubscription.get(row.subscriptionId) ?? []),
      { sku: row.sku, quantity: row.quantity },
    ]);
  }
  return bySubscription;
}

export type ListCursor = { createdAt: Date; id: string };

/** Newest first; keyset pagination on (created_at, id) so pages never skip or repeat rows. */
export async function listSubscriptionRows(
  db: Db,
  filter: { status?: SubscriptionRow['status']; q?: string; after?: ListCursor; limit: number },
) {
  const conditions = [
    filter.status ? eq(subscriptions.status, filter.status) : undefined,
    filter.q
      ? or(
          ilike(subscriptions.company, `%${escapeLike(filter.q)}%`),
          ilike(subscriptions.contactEmail, `%${escapeLike(filter.q)}%`),
          ilike(subscriptions.contactName, `%${escapeLike(filter.q)}%`),
          sql`${subscriptions.id}::text = ${filter.q}`,
        )
      : undefined,
    filter.after
      ? or(
          lt(subscriptions.createdAt, filter.after.createdAt),
          and(eq(subscriptions.createdAt, filter.after.createdAt), lt(subscriptions.id, filter.after.id)),
        )
      : undefined,
  ].filter((condition) => condition !== undefined);
  return db
    .select()
    .from(subscriptions)
    .where(and(...conditions))
    .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id))
    .limit(filter.limit + 1);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function pendingSubscriptionsForContact(db: Db, email: string) {
  return db
    .select()
    .from(subscriptions)
    .where(
      and(eq(subscriptions.status, 'pending'), sql`lower(${subscriptions.contactEmail}) = lower(${email})`),
    )
    .orderBy(desc(subscriptions.createdAt))
    .limit(10);
}

export async function activationTokenHistory(db: Db, subscriptionId: string) {
  return db
    .select()
    .from(activationTokens)
    .where(eq(activationTokens.subscriptionId, subscriptionId))
    .orderBy(desc(activationTokens.createdAt));
}

export async function organizationOfSubscription(db: Db, subscriptionId: string) {
  const [row] = await db
    .select({
      id: organizations.id,
      shortName: organizations.shortName,
      region: organizations.region,
      state: organizations.state,
    })
    .from(organizations)
    .where(eq(organizations.subscriptionId, subscriptionId));
  return row;
}

export async function updateSubscriptionStatus(
  db: Db,
  id: string,
  values: Partial<typeof subscriptions.$inferInsert>,
) {
  await db.update(subscriptions).set(values).where(eq(subscriptions.id, id));
}

/** Marks the subscription's live activation link replaced: it stops working. */
export async function replaceLiveActivationTokens(tx: Db, subscriptionId: string, now: Date) {
  await tx
    .update(activationTokens)
    .set({ replacedAt: now })
    .where(and(eq(activationTokens.subscriptionId, subscriptionId), isNull(activationTokens.replacedAt)));
}

export async function insertActivationToken(tx: Db, values: typeof activationTokens.$inferInsert) {
  const [row] = await tx.insert(activationTokens).values(values).returning({ id: activationTokens.id });
  if (!row) throw new Error('insert returned no row');
  return row.id;
}
