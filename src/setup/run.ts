import { recordAudit, systemOrigin } from '../audit/audit.ts';
import { featuresForProducts } from '../catalog/products.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { RunRow } from '../db/schema.ts';
import { calendarDate } from '../i18n/dates.ts';
import { completeSetup, failSetup } from '../organization/lifecycle.ts';
import {
  findOrganizationWithSubscription,
  type OrganizationWithSubscription,
} from '../organization/queries.ts';
import type { RunDefinition } from '../runs/definitions.ts';
import { keepProducts } from '../subscriptions/queries.ts';
import { verificationChecksJob } from '../verification/jobs.ts';
import { billingTerms } from './billing.ts';
import { billingAccountOf, insertBillingAccount, insertFeatures } from './queries.ts';

/**
 * What setup's steps read, once per transaction: consecutive steps share one, and none of them
 * changes the organization, its subscription or its products before `finish` (the last).
 */
const contexts = new WeakMap<Db, { organizationId: string; read: Promise<OrganizationWithSubscription> }>();

function context(tx: Db, run: RunRow): Promise<OrganizationWithSubscription> {
  const known = contexts.get(tx);
  if (known?.organizationId === run.organizationId) return known.read;
  const read = findOrganizationWithSubscription(tx, run.organizationId, { withProducts: true }).then(
    (row) => {
      if (!row) throw new Error(`organization ${run.organizationId} is missing`);
      // Setup's audit and events read them again: they need not.
      keepProducts(tx, row.subscription.id, row.products);
      return row;
    },
  );
  contexts.set(tx, { organizationId: run.organizationId, read });
  return read;
}

/** Every feature of every subscribed product, each recorded once with when it was enabled. */
async function enableFeatures(tx: Db, ctx: AppContext, run: RunRow) {
  const { organization, products } = await context(tx, run);
  const features = featuresForProducts(products.map((p) => p.sku));
  if (features.length === 0) return;
  await insertFeatures(tx, organization.id, features, ctx.now());
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
  const startsOn = calendarDate(activatedAt, organization.timeZone);
  await insertBillingAccount(
    tx,
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
    products,
  );
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
  const account = await billingAccountOf(tx, run.organizationId);
  await completeSetup(tx, ctx, run.organizationId, {
    billing: account ? billingTerms(account) : undefined,
  });
}

/** SPEC step 9: on the admin's first login, features and billing from the subscription. */
export const setupRun: RunDefinition<AppContext> = {
  kind: 'setup',
  steps: [
    { key: 'features', run: enableFeatures },
    { key: 'billing', run: createBilling },
    { key: 'finish', run: finish },
  ],
  async onSucceeded(tx, ctx, run) {
    // SPEC step 11: with setup done, the automated checks run.
    await ctx.jobs.send(tx, verificationChecksJob, { organizationId: run.organizationId, attempt: 1 });
  },
  async onFailed(tx, ctx, run, step, reference) {
    const { organization } = await context(tx, run);
    await failSetup(tx, ctx, organization, { step, reference });
  },
};
