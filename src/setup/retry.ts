import { eq } from 'drizzle-orm';
import type { CustomerPrincipal } from '../accounts/service.ts';
import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { organizations } from '../db/schema.ts';
import { restartFailedRun } from '../runs/engine.ts';

/** "Try again" after a failed setup: the run resumes at the step that failed. */
export async function retrySetup(
  ctx: AppContext,
  principal: CustomerPrincipal,
  origin: Origin,
): Promise<boolean> {
  const { organization } = principal;
  return ctx.db.transaction(async (tx) => {
    const restarted = await restartFailedRun(tx, ctx, organization.id, 'setup');
    if (!restarted) return false;
    await tx.update(organizations).set({ setup: 'running' }).where(eq(organizations.id, organization.id));
    await recordAudit(tx, origin, {
      action: 'setup.retried',
      organizationId: organization.id,
      subscriptionId: organization.subscriptionId,
      data: { before: { setup: 'failed' }, after: { setup: 'running' } },
    });
    return true;
  });
}
