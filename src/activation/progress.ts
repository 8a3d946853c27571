import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import { findOrganization } from '../organization/queries.ts';
import { runProgress } from '../runs/progress.ts';
import { resolveActivationLink } from './links.ts';
import type { ActivationProgress } from './schemas.ts';

const states = {
  pending: 'provisioning',
  running: 'provisioning',
  succeeded: 'ready',
  failed: 'failed',
} as const;

/**
 * Where the activation behind a link stands. The holder of a used link may keep reading it:
 * closing the page does not stop provisioning, and opening the link again shows the progress.
 */
export async function activationProgress(ctx: AppContext, token: string): Promise<ActivationProgress> {
  const link = await resolveActivationLink(ctx.db, token, ctx.now(), { allowUsed: true });
  const organizationId = link.token.organizationId;
  const organization = organizationId ? await findOrganization(ctx.db, organizationId) : undefined;
  const progress = await runProgress(ctx, organization?.id ?? null, 'provisioning');
  if (!organization) {
    return {
      state: 'pending',
      steps: progress.steps,
      organizationId: null,
      shortName: null,
      region: null,
      regionName: null,
      loginUrl: null,
      error: null,
    };
  }
  const region = regionOf(ctx.regions, organization.region);
  return {
    state: states[progress.state],
    steps: progress.steps,
    organizationId: organization.id,
    shortName: organization.shortName,
    region: organization.region,
    regionName: region?.name ?? { en: organization.region, ko: organization.region },
    loginUrl: region?.loginUrl ?? null,
    error: progress.error,
  };
}
