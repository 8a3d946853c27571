import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import { customerAccess } from '../security/access.ts';
import type { CustomerPrincipal } from '../security/principals.ts';

/** `GET /api/v1/me`: the signed-in user and their organization (SPEC fields). */
export function meView(ctx: Pick<AppContext, 'regions'>, { user, organization }: CustomerPrincipal) {
  return {
    user: {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      role: user.role,
      locale: user.locale,
      permissions: customerAccess.permissionsOf([user.role]),
    },
    organization: {
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      region: organization.region,
      state: organization.state,
      setup: organization.setup,
      verification: organization.verification,
      loginUrl: regionOf(ctx.regions, organization.region)?.loginUrl ?? null,
    },
  };
}
