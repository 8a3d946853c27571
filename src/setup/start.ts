import { and, eq } from 'drizzle-orm';
import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { organizations } from '../db/schema.ts';
import { startRun } from '../runs/engine.ts';

/**
 * The admin's first sign-in starts the setup run, once: the conditional update lets only one
 * of several concurrent sign-ins through.
 */
export async function startSetupOnFirstAdminLogin(
  tx: Db,
  ctx: AppContext,
  user: { role: string },
  organizationId: string,
  origin: Origin,
): Promise<boolean> {
  if (user.role !== 'admin') return false;
  const [started] = await tx
    .update(organizations)
    .set({ setup: 'running' })
    .where(and(eq(organizations.id, organizationId), eq(organizations.setup, 'pending')))
    .returning({ subscriptionId: organizations.subscriptionId });
  if (!started) return false;
  await startRun(tx, ctx, organizationId, 'setup');
  await recordAudit(tx, origin, {
    action: 'setup.started',
    organizationId,
    subscriptionId: started.subscriptionId,
    data: { before: { setup: 'pending' }, after: { setup: 'running' } },
  });
  return true;
}
