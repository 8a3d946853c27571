import { eq } from 'drizzle-orm';
import { recordAudit, systemOrigin } from '../audit/audit.ts';
import { featuresForProducts } from '../catalog/products.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import {
  billingAccounts,
  billingQuantities,
  organizationFeatures,
  organizations,
  subscriptions,
} from '../db/schema.ts';
import type { RunDefinition } from '../runs/definitions.ts';
import type { RunRow } from '../runs/queries.ts';
import { productsOf } from '../subscriptions/queries.ts';
import { verificationChecksJob } from '../verification/jobs.ts';

async function context(tx: Db, run: RunRow) {
  const [row] = await tx
    .select({ organization: organizations, subscription: subscriptions })
    .from(organizations)
    .innerJoin(subscriptions, eq(subscriptions.id, organizations.subscriptionId))
    .where(eq(organizations.id, run.organizationId));
  if (!row) throw new Error(`organization ${run.organizationId} is missing`);
  const products = (await productsOf(tx, [row.subscription.id])).get(row.subscription.id) ?? [];
  return { ...row, products };
}

/** The calendar date of `at` in `timeZone`, as YYYY-MM-DD. */
export function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Every feature of every subscribed product, each recorded once with when it was enabled. */
async function enableFeatures(tx: Db, ctx: AppContext, run: RunRow) {
  const { organization, products } = await context(tx, run);
  const features = featuresForProducts(products.map((p) => p.sku));
  if (features.length === 0) return;
  await tx
    .insert(organizationFeatures)
    .values(
      features.map((f) => ({
        organizationId: organization.id,
        feature: f.key,
        skus: f.skus,
        enabledAt: ctx.now(),
      })),
    )
    .onConflictDoNothing();
  await recordAudit(tx, systemOrigin, {
    action: 'features.enabled',
    organizationId: organization.id,
    subscriptionId: organization.subscriptionId,
    data: { features: features.map((f) => f.key) },
  });
}

/**
 * The billing account, customized from the subscription: a trial is never charged and ends
 * `trialDays` after activation; a paid subscription gets its rate plan, currency and quantities.
 */
async function createBilling(tx: Db, _ctx: AppContext, run: RunRow) {
  const { organization, subscription, products } = await context(tx, run);
  const activatedAt = organization.activatedAt ?? organization.createdAt;
  const startsOn = dateIn(organization.timeZone, activatedAt);
  const inserted = await tx
    .insert(billingAccounts)
    .values(
      subscription.kind === 'trial'
        ? {
            organizationId: organization.id,
            kind: 'trial',
            chargesEnabled: false,
            trialEndsAt: new Date(activatedAt.getTime() + (subscription.trialDays ?? 0) * 24 * 3600_000),
            startsOn,
          }
        : {
            organizationId: organization.id,
            kind: 'paid',
            chargesEnabled: true,
            currency: subscription.currency,
            ratePlan: subscription.ratePlan,
            startsOn,
          },
    )
    .onConflictDoNothing()
    .returning({ organizationId: billingAccounts.organizationId });
  if (inserted.length && products.length) {
    await tx
      .insert(billingQuantities)
      .values(products.map((p) => ({ organizationId: organization.id, sku: p.sku, quantity: p.quantity })))
      .onConflictDoNothing();
  }
  await recordAudit(tx, systemOrigin, {
    action: 'billing.created',
    organizationId: organization.id,
    subscriptionId: organization.subscriptionId,
    data: {
      after: {
        kind: subscription.kind,
        currency: subscription.currency,
        ratePlan: subscription.ratePlan,
        startsOn,
        quantities: products,
      },
    },
  });
}

async function finish(tx: Db, ctx: AppContext, run: RunRow) {
  await tx
    .update(organizations)
    .set({ setup: 'done', setupDoneAt: ctx.now() })
    .where(eq(organizations.id, run.organizationId));
}

/** SPEC step 9: on the admin's first login, features and billing from the subscription. */
export const setupRun: RunDefinition = {
  kind: 'setup',
  steps: [
    { key: 'features', run: enableFeatures },
    { key: 'billing', run: createBilling },
    { key: 'finish', run: finish },
  ],
  async onSucceeded(tx, ctx, run) {
    const { organization } = await context(tx, run);
    // SPEC step 11: with setup done, the automated checks run.
    await ctx.jobs.send(tx, verificationChecksJob, { organizationId: organization.id, attempt: 1 });
    await recordAudit(tx, systemOrigin, {
      action: 'setup.succeeded',
      organizationId: organization.id,
      subscriptionId: organization.subscriptionId,
      data: { before: { setup: 'running' }, after: { setup: 'done' } },
    });
  },
  async onFailed(tx, _ctx, run, step, reference) {
    const { organization } = await context(tx, run);
    await tx.update(organizations).set({ setup: 'failed' }).where(eq(organizations.id, organization.id));
    await recordAudit(tx, systemOrigin, {
      action: 'setup.failed',
      organizationId: organization.id,
      subscriptionId: organization.subscriptionId,
      data: { step, reference },
    });
  },
};
