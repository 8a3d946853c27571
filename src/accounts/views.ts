import type { AppContext } from '../context.ts';
import { permissionsOf } from './permissions.ts';
import type { CustomerPrincipal } from './service.ts';

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
      permissions: [...permissionsOf(user.role)],
    },
    organization: {
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      region: organization.region,
      state: organization.state,
      setup: organization.setup,
      verification: organization.verification,
      loginUrl: ctx.regions.find((r) => r.code === organization.region)?.loginUrl ?? null,
    },
  };
}
