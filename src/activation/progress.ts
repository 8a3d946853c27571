import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { organizations } from '../db/schema.ts';
import { pendingProgress, runProgress } from '../runs/engine.ts';
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
export async function activationProgress(
  ctx: Pick<AppContext, 'db' | 'now' | 'regions'>,
  token: string,
): Promise<ActivationProgress> {
  const link = await resolveActivationLink(ctx.db, token, ctx.now(), { allowUsed: true });
  const organizationId = link.token.organizationId;
  const [organization] = organizationId
    ? await ctx.db.select().from(organizations).where(eq(organizations.id, organizationId))
    : [];
  if (!organization) {
    const { steps } = pendingProgress('provisioning');
    return {
      state: 'pending',
      steps,
      organizationId: null,
      shortName: null,
      region: null,
      loginUrl: null,
      error: null,
    };
  }
  const progress = await runProgress(ctx.db, organization.id, 'provisioning');
  return {
    state: states[progress.state],
    steps: progress.steps,
    organizationId: organization.id,
    shortName: organization.shortName,
    region: organization.region,
    loginUrl: ctx.regions.find((r) => r.code === organization.region)?.loginUrl ?? null,
    error: progress.error,
  };
}
