import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { billingAccounts, billingQuantities, organizationFeatures } from '../db/schema.ts';

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

/** The billing account and its quantities, created once; a repeat changes nothing. */
export async function insertBillingAccount(
  tx: Db,
  account: typeof billingAccounts.$inferInsert,
  quantities: { sku: string; quantity: number }[],
) {
  const inserted = await tx
    .insert(billingAccounts)
    .values(account)
    .onConflictDoNothing()
    .returning({ organizationId: billingAccounts.organizationId });
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
