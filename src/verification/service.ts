import { and, asc, eq } from 'drizzle-orm';
import { type Origin, recordAudit, recordAudits } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { customerUsers, organizations } from '../db/schema.ts';
import { queueEmail } from '../email/outbox.ts';
import { AppError } from '../errors.ts';
import { isLocale } from '../i18n/index.ts';
import { type CheckResult, evaluateChecks } from './checks.ts';
import { renderThankYouEmail, renderWelcomeEmail } from './emails.ts';
import { findOrganizationWithSubscription, loadSnapshot, storeChecks } from './queries.ts';

/** Runs the automated checks now and stores their results (re-runnable any time). */
export async function runChecks(
  ctx: AppContext,
  organizationId: string,
  origin: Origin,
): Promise<CheckResult[]> {
  const snapshot = await loadSnapshot(ctx.db, organizationId);
  if (!snapshot) throw new AppError('ORGANIZATION_NOT_FOUND');
  const results = evaluateChecks(snapshot);
  const found = await findOrganizationWithSubscription(ctx.db, organizationId);
  await ctx.db.transaction(async (tx) => {
    await storeChecks(tx, organizationId, results, ctx.now());
    await recordAudit(tx, origin, {
      action: 'verification.checks_run',
      organizationId,
      subscriptionId: found?.subscription.id ?? null,
      data: { results: Object.fromEntries(results.map((r) => [r.key, r.status])) },
    });
  });
  return results;
}

export type VerificationInput = { notes?: string | undefined; override?: boolean | undefined };

/**
 * The CX specialist's sign-off. The checks run again first; while one fails, sign-off needs
 * `override` with notes. Verifying marks the organization verified and queues, in this order,
 * "Thank you…" and "Welcome to Onramp" to the admin. Verifying again changes and sends nothing.
 */
export async function verifyOrganization(
  ctx: AppContext,
  organizationId: string,
  input: VerificationInput,
  origin: Origin,
) {
  const results = await runChecks(ctx, organizationId, origin);
  const failing = results.filter((r) => r.status === 'failed');
  return ctx.db.transaction(async (tx) => {
    const found = await findOrganizationWithSubscription(tx, organizationId, { forUpdate: true });
    if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
    const { organization, subscription } = found;
    if (organization.verification === 'verified')
      return { organization, alreadyVerified: true, checks: results };
    if (failing.length && !input.override) {
      throw new AppError('CHECKS_FAILING', {
        params: { checks: failing.map((f) => f.key).join(', ') },
        details: { failing: failing.map((f) => ({ key: f.key, detail: f.detail })) },
      });
    }
    if (input.override && !input.notes?.trim()) {
      throw new AppError('VALIDATION_FAILED', {
        details: {
          fields: [{ path: 'body.notes', message: 'explain why you sign off despite failing checks' }],
        },
      });
    }
    const now = ctx.now();
    const [updated] = await tx
      .update(organizations)
      .set({
        verification: 'verified',
        verifiedAt: now,
        verifiedBy: origin.actor.type === 'staff' ? origin.actor.id : null,
        verificationNotes: input.notes?.trim() || null,
        verificationOverride: Boolean(input.override && failing.length),
      })
      .where(eq(organizations.id, organizationId))
      .returning();
    const [admin] = await tx
      .select()
      .from(customerUsers)
      .where(and(eq(customerUsers.organizationId, organizationId), eq(customerUsers.role, 'admin')))
      .orderBy(asc(customerUsers.createdAt))
      .limit(1);
    if (!admin) throw new Error(`organization ${organizationId} has no admin`);
    const locale = isLocale(organization.locale) ? organization.locale : 'en';
    const region = ctx.regions.find((r) => r.code === organization.region);
    const data = {
      adminName: `${admin.firstName} ${admin.lastName}`.trim(),
      organizationName: organization.name,
      organizationId: organization.id,
      shortName: organization.shortName,
      regionName: region?.name[locale] ?? organization.region,
      loginUrl: region?.loginUrl ?? ctx.config.publicUrl,
      supportEmail: ctx.config.supportEmail,
    };
    const common = { locale, to: admin.email, subscriptionId: subscription.id, organizationId };
    const thankYou = await queueEmail(tx, ctx, {
      ...common,
      eventKey: `verification:${organizationId}:thank-you`,
      template: 'thank-you',
      content: renderThankYouEmail(locale, data),
    });
    // The welcome email follows: its delivery starts once the thank-you email is sent.
    await queueEmail(tx, ctx, {
      ...common,
      eventKey: `verification:${organizationId}:welcome`,
      template: 'welcome',
      content: renderWelcomeEmail(locale, data),
      after: thankYou,
    });
    await recordAudits(tx, origin, [
      {
        organizationId,
        subscriptionId: subscription.id,
        action: 'organization.verified',
        data: {
          before: { verification: 'pending' },
          after: { verification: 'verified' },
          notes: input.notes?.trim() || null,
          override: Boolean(input.override && failing.length),
          failingChecks: failing.map((f) => f.key),
        },
      },
    ]);
    return { organization: updated ?? organization, alreadyVerified: false, checks: results };
  });
}
