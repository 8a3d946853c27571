import { adminsOf } from '../accounts/queries.ts';
import type { Db } from '../db/client.ts';
import { emailStatuses } from '../email/queries.ts';
import { findOrganizationWithSubscription } from '../organization/queries.ts';
import { runSummaries } from '../runs/queries.ts';
import { billingTerms } from '../setup/billing.ts';
import { billingOf, featuresOf } from '../setup/queries.ts';
import type { VerificationSnapshot } from './checks.ts';

/** Everything the checks look at, for one organization; undefined when there is no such organization. */
export async function loadSnapshot(
  db: Db,
  organizationId: string,
): Promise<VerificationSnapshot | undefined> {
  const row = await findOrganizationWithSubscription(db, organizationId, { withProducts: true });
  if (!row) return undefined;
  const { organization, subscription, products } = row;
  const [features, billing, admins, emails, runs] = await Promise.all([
    featuresOf(db, organizationId),
    billingOf(db, organizationId),
    adminsOf(db, organizationId),
    emailStatuses(db, { organizationId, subscriptionId: subscription.id }),
    runSummaries(db, organizationId),
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
          ...billingTerms(billing.account),
          quantities: billing.quantities.map((q) => ({ sku: q.sku, quantity: q.quantity })),
        }
      : null,
    admins: admins.map((a) => ({ email: a.email, lastLoginAt: a.lastLoginAt })),
    emails,
    runs,
  };
}
