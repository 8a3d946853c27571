import { featuresForProducts } from '../catalog/products.ts';

/** What the checks look at, loaded once per run (see `loadSnapshot`). */
export type VerificationSnapshot = {
  subscription: {
    kind: 'trial' | 'paid';
    trialDays: number | null;
    currency: string | null;
    ratePlan: string | null;
    products: { sku: string; quantity: number }[];
  };
  activatedAt: Date | null;
  features: string[];
  billing: {
    kind: 'trial' | 'paid';
    chargesEnabled: boolean;
    currency: string | null;
    ratePlan: string | null;
    trialEndsAt: Date | null;
    quantities: { sku: string; quantity: number }[];
  } | null;
  admins: { email: string; lastLoginAt: Date | null }[];
  emails: { template: string; to: string; status: string }[];
  runs: { kind: string; state: string; failedSteps: string[] }[];
};

export const checkKeys = [
  'features-enabled',
  'billing-matches',
  'admin-logged-in',
  'emails-delivered',
  'no-failed-steps',
] as const;
export type CheckKey = (typeof checkKeys)[number];
/**
 * A check's result. `pending` marks a failure that may still resolve by itself (an email still
 * on its way): the scheduled checks look again rather than leave it failed.
 */
export type CheckResult = {
  key: CheckKey;
  status: 'passed' | 'failed';
  detail: string | null;
  pending: boolean;
};

const dayMs = 24 * 3600_000;
/** The closing emails are sent after verification, so they cannot be part of it. */
const closingTemplates = new Set(['thank-you', 'welcome', 'name-reminder']);

function result(key: CheckKey, problems: string[], pending = false): CheckResult {
  return {
    key,
    status: problems.length ? 'failed' : 'passed',
    detail: problems.length ? problems.join('; ') : null,
    pending: problems.length > 0 && pending,
  };
}

/**
 * SPEC step 11's automated checks, as a pure function: every subscribed feature enabled, billing
 * as subscribed, the admin has logged in, every email of the activation delivered, no failed step.
 */
export function evaluateChecks(s: VerificationSnapshot): CheckResult[] {
  const expected = featuresForProducts(s.subscription.products.map((p) => p.sku)).map((f) => f.key);
  const missing = expected.filter((key) => !s.features.includes(key));

  const billing: string[] = [];
  const b = s.billing;
  if (!b) billing.push('no billing account');
  else {
    if (b.kind !== s.subscription.kind)
      billing.push(`kind is ${b.kind}, subscription is ${s.subscription.kind}`);
    if (s.subscription.kind === 'trial') {
      if (b.chargesEnabled) billing.push('a trial must not be charged');
      const expectedEnd =
        s.activatedAt && s.subscription.trialDays !== null
          ? s.activatedAt.getTime() + s.subscription.trialDays * dayMs
          : null;
      if (expectedEnd === null || b.trialEndsAt?.getTime() !== expectedEnd)
        billing.push('trial end date differs from activation + trial days');
    } else {
      if (!b.chargesEnabled) billing.push('charges are not enabled');
      if (b.currency !== s.subscription.currency)
        billing.push(`currency is ${b.currency}, subscription is ${s.subscription.currency}`);
      if (b.ratePlan !== s.subscription.ratePlan)
        billing.push(`rate plan is ${b.ratePlan}, subscription is ${s.subscription.ratePlan}`);
    }
    const billed = new Map(b.quantities.map((q) => [q.sku, q.quantity]));
    for (const product of s.subscription.products) {
      const quantity = billed.get(product.sku);
      if (quantity !== product.quantity)
        billing.push(`${product.sku}: billed ${quantity ?? 0}, subscribed ${product.quantity}`);
    }
    for (const sku of billed.keys()) {
      if (!s.subscription.products.some((p) => p.sku === sku))
        billing.push(`${sku} is billed but not subscribed`);
    }
  }

  const loggedIn = s.admins.some((a) => a.lastLoginAt !== null);
  const undelivered = s.emails.filter((e) => !closingTemplates.has(e.template) && e.status !== 'sent');
  const failedRuns = s.runs.flatMap((r) =>
    r.state === 'failed' || r.failedSteps.length ? [`${r.kind}: ${r.failedSteps.join(', ') || r.state}`] : [],
  );
  const unfinished = ['provisioning', 'setup'].filter(
    (kind) => !s.runs.some((r) => r.kind === kind && r.state === 'succeeded'),
  );

  return [
    result('features-enabled', missing.length ? [`not enabled: ${missing.join(', ')}`] : []),
    result('billing-matches', billing),
    result('admin-logged-in', loggedIn ? [] : ['the administrator has not logged in yet']),
    result(
      'emails-delivered',
      undelivered.map((e) => `${e.template} to ${e.to} is ${e.status}`),
      undelivered.some((e) => e.status === 'queued' || e.status === 'sending'),
    ),
    result('no-failed-steps', [...failedRuns, ...unfinished.map((kind) => `${kind} has not finished`)]),
  ];
}
