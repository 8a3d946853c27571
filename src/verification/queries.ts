import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  billingAccounts,
  billingQuantities,
  customerUsers,
  emailOutbox,
  organizationFeatures,
  organizations,
  runSteps,
  runs,
  subscriptions,
  verificationChecks,
} from '../db/schema.ts';
import { productsOf } from '../subscriptions/queries.ts';
import { type CheckResult, checkKeys, type VerificationSnapshot } from './checks.ts';

export async function findOrganizationWithSubscription(
  db: Db,
  organizationId: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = db
    .select({ organization: organizations, subscription: subscriptions })
    .from(organizations)
    .innerJoin(subscriptions, eq(subscriptions.id, organizations.subscriptionId))
    .where(eq(organizations.id, organizationId));
  const [row] = options.forUpdate ? await query.for('update', { of: organizations }) : await query;
  return row;
}

/** Everything the checks look at, for one organization. */
export async function loadSnapshot(
  db: Db,
  organizationId: string,
): Promise<VerificationSnapshot | undefined> {
  const row = await findOrganizationWithSubscription(db, organizationId);
  if (!row) return undefined;
  const { organization, subscription } = row;
  const [products, features, [billing], quantities, admins, emails, runRows] = await Promise.all([
    productsOf(db, [subscription.id]).then((m) => m.get(subscription.id) ?? []),
    db
      .select({ feature: organizationFeatures.feature })
      .from(organizationFeatures)
      .where(eq(organizationFeatures.organizationId, organizationId)),
    db.select().from(billingAccounts).where(eq(billingAccounts.organizationId, organizationId)),
    db.select().from(billingQuantities).where(eq(billingQuantities.organizationId, organizationId)),
    db
      .select({ email: customerUsers.email, lastLoginAt: customerUsers.lastLoginAt })
      .from(customerUsers)
      .where(and(eq(customerUsers.organizationId, organizationId), eq(customerUsers.role, 'admin'))),
    db
      .select({ template: emailOutbox.template, to: emailOutbox.toAddress, status: emailOutbox.status })
      .from(emailOutbox)
      .where(
        or(eq(emailOutbox.organizationId, organizationId), eq(emailOutbox.subscriptionId, subscription.id)),
      ),
    db
      .select({
        kind: runs.kind,
        state: runs.state,
        failedSteps: sql<
          string[]
        >`coalesce(array_agg(${runSteps.key}) filter (where ${runSteps.status} = 'failed'), '{}')`,
      })
      .from(runs)
      .leftJoin(runSteps, eq(runSteps.runId, runs.id))
      .where(eq(runs.organizationId, organizationId))
      .groupBy(runs.kind, runs.state),
  ]);
  return {
    subscription: {
      kind: subscription.kind,
      trialDays: subscription.trialDays,
      currency: subscription.currency,
      ratePlan: subscription.ratePlan,
      products,
    },
    activatedAt: organization.activatedAt,
    features: features.map((f) => f.feature),
    billing: billing
      ? {
          kind: billing.kind,
          chargesEnabled: billing.chargesEnabled,
          currency: billing.currency,
          ratePlan: billing.ratePlan,
          trialEndsAt: billing.trialEndsAt,
          quantities: quantities.map((q) => ({ sku: q.sku, quantity: q.quantity })),
        }
      : null,
    admins,
    emails,
    runs: runRows.map((r) => ({ kind: r.kind, state: r.state, failedSteps: r.failedSteps ?? [] })),
  };
}

export async function storeChecks(tx: Db, organizationId: string, results: CheckResult[], now: Date) {
  await tx
    .insert(verificationChecks)
    .values(
      results.map((r) => ({
        organizationId,
        key: r.key,
        status: r.status,
        detail: r.detail,
        checkedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [verificationChecks.organizationId, verificationChecks.key],
      set: {
        status: sql`excluded.status`,
        detail: sql`excluded.detail`,
        checkedAt: sql`excluded.checked_at`,
      },
    });
}

/** The stored results, in the order the checks are listed (see `checkKeys`). */
export async function storedChecks(db: Db, organizationId: string) {
  const rows = await db
    .select({
      key: verificationChecks.key,
      status: verificationChecks.status,
      detail: verificationChecks.detail,
      checkedAt: verificationChecks.checkedAt,
    })
    .from(verificationChecks)
    .where(eq(verificationChecks.organizationId, organizationId));
  const order = (key: string) => (checkKeys as readonly string[]).indexOf(key);
  return rows.sort((a, b) => order(a.key) - order(b.key));
}
