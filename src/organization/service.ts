import type { CustomerPrincipal } from '../accounts/service.ts';
import { features as featureCatalog, findProduct } from '../catalog/products.ts';
import type { AppContext } from '../context.ts';
import { runProgress } from '../runs/engine.ts';
import { productsOf } from '../subscriptions/queries.ts';
import { billingOf, featuresOf, invitationsOf, membersOf } from './queries.ts';

const dayMs = 24 * 3600_000;
const featureNames = new Map(featureCatalog.map((f) => [f.key, f.name]));

/** An invitation as people see it: a pending one past its date reads as expired. */
export function invitationView(invitation: Awaited<ReturnType<typeof invitationsOf>>[number], now: Date) {
  const expired =
    invitation.status === 'pending' && invitation.expiresAt !== null && invitation.expiresAt <= now;
  return { ...invitation, status: expired ? ('expired' as const) : invitation.status };
}

/**
 * SPEC step 10, the home page's data: the organization, its products and features, billing,
 * people and invitations. Everything is read for the signed-in user's organization only.
 */
export async function organizationOverview(
  ctx: Pick<AppContext, 'db' | 'now' | 'regions'>,
  principal: CustomerPrincipal,
) {
  const { organization } = principal;
  const now = ctx.now();
  const [subscribed, enabled, billing, members, invitations] = await Promise.all([
    productsOf(ctx.db, [organization.subscriptionId]).then(
      (map) => map.get(organization.subscriptionId) ?? [],
    ),
    featuresOf(ctx.db, organization.id),
    billingOf(ctx.db, organization.id),
    membersOf(ctx.db, organization.id),
    invitationsOf(ctx.db, organization.id),
  ]);
  const enabledAt = new Map(enabled.map((f) => [f.feature, f.enabledAt]));
  const region = ctx.regions.find((r) => r.code === organization.region);
  return {
    organization: {
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      region: organization.region,
      regionName: region?.name ?? { en: organization.region, ko: organization.region },
      loginUrl: region?.loginUrl ?? null,
      state: organization.state,
      setup: organization.setup,
      verification: organization.verification,
      createdAt: organization.createdAt,
      activatedAt: organization.activatedAt,
    },
    products: subscribed.map((p) => ({
      sku: p.sku,
      name: findProduct(p.sku)?.name ?? p.sku,
      quantity: p.quantity,
      features: (findProduct(p.sku)?.features ?? []).map((key) => ({
        key,
        name: featureNames.get(key) ?? { en: key, ko: key },
        enabled: enabledAt.has(key),
        enabledAt: enabledAt.get(key) ?? null,
      })),
    })),
    billing: billing
      ? {
          kind: billing.account.kind,
          chargesEnabled: billing.account.chargesEnabled,
          currency: billing.account.currency,
          ratePlan: billing.account.ratePlan,
          startsOn: billing.account.startsOn,
          trialEndsAt: billing.account.trialEndsAt,
          trialDaysLeft: billing.account.trialEndsAt
            ? Math.max(0, Math.ceil((billing.account.trialEndsAt.getTime() - now.getTime()) / dayMs))
            : null,
          quantities: billing.quantities.map((q) => ({
            sku: q.sku,
            name: findProduct(q.sku)?.name ?? q.sku,
            quantity: q.quantity,
          })),
        }
      : null,
    people: {
      members,
      invitations: invitations.map((i) => invitationView(i, now)),
    },
  };
}

const setupStates = { pending: 'pending', running: 'running', succeeded: 'done', failed: 'failed' } as const;

/** `GET /api/v1/organization/setup`: features-and-billing progress, shaped like activation progress. */
export async function setupProgress(ctx: Pick<AppContext, 'db' | 'regions'>, principal: CustomerPrincipal) {
  const { organization } = principal;
  // Read from the run itself (not the session's snapshot), so a stream polling this sees changes.
  const progress = await runProgress(ctx.db, organization.id, 'setup');
  return {
    state: setupStates[progress.state],
    steps: progress.steps,
    organizationId: organization.id,
    shortName: organization.shortName,
    region: organization.region,
    error: progress.error,
  };
}
