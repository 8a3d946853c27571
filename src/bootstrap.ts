import { randomBytes } from 'node:crypto';
import { systemOrigin } from './audit/audit.ts';
import type { AppContext } from './context.ts';
import { readAppState, writeAppState } from './db/queries.ts';
import { findStaffByEmail } from './staff/queries.ts';
import { ensureStaffAccount } from './staff/service.ts';
import { findSubscription } from './subscriptions/queries.ts';
import { createSubscription, resendActivationEmail } from './subscriptions/service.ts';

const embeddedStaffEmail = 'admin@onramp.localhost';

export type StaffLogin = { email: string; password: string | undefined; created: boolean };

/**
 * The staff account `npm start` promises: the one ONRAMP_STAFF_EMAIL/ONRAMP_STAFF_PASSWORD name,
 * or, on the embedded default without them, one it creates with a generated password that is
 * printed once (only its hash is kept).
 */
export async function ensureStartupStaff(ctx: AppContext): Promise<StaffLogin | undefined> {
  if (ctx.config.staff) {
    const { created } = await ensureStaffAccount(ctx, ctx.config.staff.email, ctx.config.staff.password);
    return { email: ctx.config.staff.email, password: undefined, created };
  }
  if (!ctx.config.embedded) return undefined;
  if (await findStaffByEmail(ctx.db, embeddedStaffEmail)) {
    return { email: embeddedStaffEmail, password: undefined, created: false };
  }
  const password = `${randomBytes(12).toString('base64url')}-Aa1!`;
  await ensureStaffAccount(ctx, embeddedStaffEmail, password);
  return { email: embeddedStaffEmail, password, created: true };
}

/**
 * ONRAMP_DEMO=1: one demo subscription per data directory. Its link is printed at every start;
 * since only hashes are stored, a still-pending demo gets a fresh link (and email) each time.
 */
export async function ensureDemoSubscription(
  ctx: AppContext,
): Promise<{ url: string } | { activated: string }> {
  const existingId = (await readAppState<{ id?: string }>(ctx.db, 'demo-subscription'))?.id;
  if (existingId) {
    const existing = await findSubscription(ctx.db, existingId);
    if (existing && existing.status !== 'pending') return { activated: existing.company };
    if (existing) {
      const { activation } = await resendActivationEmail(ctx, existingId, systemOrigin);
      return { url: activation.url };
    }
  }
  const { subscription, activation } = await createSubscription(
    ctx,
    {
      company: 'Acme Müller & Söhne',
      contact: { name: 'Dana Demo', email: 'dana@demo.onramp.localhost' },
      locale: 'en',
      kind: 'trial',
      trialDays: 30,
      products: [
        { sku: 'cx-2', quantity: 25 },
        { sku: 'wem-addon', quantity: 25 },
      ],
    },
    systemOrigin,
  );
  await writeAppState(ctx.db, 'demo-subscription', { id: subscription.id });
  return { url: activation.url };
}
