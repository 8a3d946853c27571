import { featureName, findProduct, productName } from '../catalog/products.ts';
import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import { invitationView } from '../invitations/service.ts';
import type { CustomerPrincipal } from '../security/principals.ts';
import { billingTerms } from '../setup/billing.ts';
import { homeOf } from './queries.ts';

const dayMs = 24 * 3600_000;

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
  const {
    products: subscribed,
    features: enabled,
    billing,
    members,
    invitations,
  } = await homeOf(ctx.db, organization.id, organization.subscriptionId);
  const enabledAt = new Map(enabled.map((f) => [f.feature, f.enabledAt]));
  const region = regionOf(ctx.regions, organization.region);
  return {
    organization: {
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      region: organization.region,
      regionName: region?.name ?? { en: organization.region, ko: organization.region },
      timeZone: region?.timeZone ?? 'UTC',
      loginUrl: region?.loginUrl ?? null,
      state: organization.state,
      setup: organization.setup,
      verification: organization.verification,
      createdAt: organization.createdAt,
      activatedAt: organization.activatedAt,
    },
    products: subscribed.map((p) => ({
      sku: p.sku,
      name: productName(p.sku),
      quantity: p.quantity,
      features: (findProduct(p.sku)?.features ?? []).map((key) => ({
        key,
        name: featureName(key),
        enabled: enabledAt.has(key),
        enabledAt: enabledAt.get(key) ?? null,
      })),
    })),
    billing: billing
      ? {
          ...billingTerms(billing.account),
          trialDaysLeft: billing.account.trialEndsAt
            ? Math.max(0, Math.ceil((billing.account.trialEndsAt.getTime() - now.getTime()) / dayMs))
            : null,
          quantities: billing.quantities.map((q) => ({
            sku: q.sku,
            name: productName(q.sku),
            quantity: q.quantity,
          })),
        }
      : null,
    people: {
      members,
      invitations: invitations.map((invitation) => invitationView(invitation, now)),
    },
  };
}
