import type { Origin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { restartSetup } from '../organization/lifecycle.ts';
import { restartFailedRun } from '../runs/failure.ts';
import { runProgress } from '../runs/progress.ts';
import type { CustomerPrincipal } from '../security/principals.ts';

const setupStates = { pending: 'pending', running: 'running', succeeded: 'done', failed: 'failed' } as const;

/** `GET /api/v1/organization/setup`: features-and-billing progress, shaped like activation progress. */
export async function setupProgress(ctx: AppContext, principal: CustomerPrincipal) {
  const { organization } = principal;
  // Read from the run itself (not the session's snapshot), so a stream polling this sees changes.
  const progress = await runProgress(ctx, organization.id, 'setup');
  return {
    state: setupStates[progress.state],
    steps: progress.steps,
    organizationId: organization.id,
    shortName: organization.shortName,
    region: organization.region,
    error: progress.error,
  };
}

/** "Try again" after a failed setup: the run resumes at the step that failed; then the progress. */
export async function retrySetup(ctx: AppContext, principal: CustomerPrincipal, origin: Origin) {
  const { organization } = principal;
  await ctx.db.transaction(async (tx) => {
    if (!(await restartFailedRun(tx, ctx, organization.id, 'setup'))) return;
    await restartSetup(tx, ctx, organization.id, origin);
  });
  return setupProgress(ctx, principal);
}
