import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  type BillingAccountRow,
  billingAccounts,
  billingQuantities,
  organizationFeatures,
} from '../db/schema.ts';

/** Records each feature once, with when it was enabled; a repeat changes nothing. */
export async function insertFeatures(
  tx: Db,
  organizationId: string,
  features: { key: string; skus: string[] }[],
  enabledAt: Date,
) {
  if (features.length === 0) return;
  await tx
    .insert(organizationFeatures)
    .values(features.map((f) => ({ organizationId, feature: f.key, skus: f.skus, enabledAt })))
    .onConflictDoNothing();
}

/** Billing accounts a transaction inserted, for its own later reads (see `billingAccountOf`). */
const insertedAccounts = new WeakMap<Db, BillingAccountRow>();

/** The billing account and its quantities, created once; a repeat changes nothing. */
export async function insertBillingAccount(
  tx: Db,
  account: typeof billingAccounts.$inferInsert,
  quantities: { sku: string; quantity: number }[],
) {
  const inserted = await tx.insert(billingAccounts).values(account).onConflictDoNothing().returning();
  if (inserted[0]) insertedAccounts.set(tx, inserted[0]);
  if (inserted.length && quantities.length) {
    await tx
      .insert(billingQuantities)
      .values(quantities.map((q) => ({ organizationId: account.organizationId, ...q })))
      .onConflictDoNothing();
  }
}

export async function featuresOf(db: Db, organizationId: string) {
  return db
    .select()
    .from(organizationFeatures)
    .where(eq(organizationFeatures.organizationId, organizationId));
}

/**
 * The organization's billing account, without its quantities; the one this transaction inserted
 * is not read back. Undefined before setup created it.
 */
export async function billingAccountOf(
  tx: Db,
  organizationId: string,
): Promise<BillingAccountRow | undefined> {
  const inserted = insertedAccounts.get(tx);
  if (inserted?.organizationId === organizationId) return inserted;
  const [account] = await tx
    .select()
    .from(billingAccounts)
    .where(eq(billingAccounts.organizationId, organizationId));
  return account;
}

/** The billing account with its quantities, by SKU; undefined before setup created it. */
export async function billingOf(db: Db, organizationId: string) {
  const [account] = await db
    .select()
    .from(billingAccounts)
    .where(eq(billingAccounts.organizationId, organizationId));
  if (!account) return undefined;
  const quantities = await db
    .select()
    .from(billingQuantities)
    .where(eq(billingQuantities.organizationId, organizationId))
    .orderBy(billingQuantities.sku);
  return { account, quantities };
}
