import type { Origin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { OrganizationRow } from '../db/schema.ts';
import { startSetup } from '../organization/lifecycle.ts';
import { type StartedRun, startRun } from '../runs/start.ts';
import { productsOfOne } from '../subscriptions/queries.ts';

/**
 * SPEC step 9: the admin's first sign-in starts the setup run, once (the lifecycle's
 * conditional update lets only one of several concurrent sign-ins through). The run is worked
 * in this process as soon as the sign-in commits (the caller calls `workRunNow`), not inside
 * it: the admin lands on the progress page and watches it. Returns the organization as setup
 * left it, with the run, when this sign-in started setup.
 */
export async function startSetupOnFirstAdminLogin(
  tx: Db,
  ctx: AppContext,
  user: { role: string; organizationId: string },
  origin: Origin,
): Promise<{ organization: OrganizationRow; run: StartedRun | undefined } | undefined> {
  if (user.role !== 'admin') return undefined;
  const started = await startSetup(tx, ctx, user.organizationId, origin);
  if (!started) return undefined;
  const skus = (await productsOfOne(tx, started.subscriptionId)).map((p) => p.sku);
  const run = await startRun(
    tx,
    ctx,
    user.organizationId,
    'setup',
    { region: started.region, skus },
    { eager: true, inline: false },
  );
  return { organization: started, run };
}
