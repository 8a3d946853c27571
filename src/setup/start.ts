import type { Origin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { startSetup } from '../organization/lifecycle.ts';
import { startRun } from '../runs/start.ts';
import { productsOf } from '../subscriptions/queries.ts';

/**
 * SPEC step 9: the admin's first sign-in starts the setup run, once (the lifecycle's
 * conditional update lets only one of several concurrent sign-ins through).
 */
export async function startSetupOnFirstAdminLogin(
  tx: Db,
  ctx: AppContext,
  user: { role: string; organizationId: string },
  origin: Origin,
): Promise<boolean> {
  if (user.role !== 'admin') return false;
  const started = await startSetup(tx, ctx, user.organizationId, origin);
  if (!started) return false;
  const skus = ((await productsOf(tx, [started.subscriptionId])).get(started.subscriptionId) ?? []).map(
    (p) => p.sku,
  );
  await startRun(tx, ctx, user.organizationId, 'setup', { region: started.region, skus });
  return true;
}
