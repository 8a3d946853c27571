import type { BillingAccountRow } from '../db/schema.ts';

/** A billing account's terms, as the home page, the checks and the setup event all show them. */
export function billingTerms(
  account: Pick<
    BillingAccountRow,
    'kind' | 'chargesEnabled' | 'currency' | 'ratePlan' | 'startsOn' | 'trialEndsAt'
  >,
) {
  return {
    kind: account.kind,
    chargesEnabled: account.chargesEnabled,
    currency: account.currency,
    ratePlan: account.ratePlan,
    startsOn: account.startsOn,
    trialEndsAt: account.trialEndsAt,
  };
}
