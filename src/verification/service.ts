import { type Origin, recordAudit, systemOrigin } from '../audit/audit.ts';
import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import { queueEmail } from '../email/outbox.ts';
import { AppError, validationError } from '../errors.ts';
import { isLocale, personName } from '../i18n/index.ts';
import { markVerified } from '../organization/lifecycle.ts';
import { findOrganizationWithSubscription, firstAdmin } from '../organization/queries.ts';
import { type CheckKey, type CheckResult, checkKeys, evaluateChecks } from './checks.ts';
import { renderThankYouEmail, renderWelcomeEmail } from './emails.ts';
import { verificationChecksJob } from './jobs.ts';
import { awaitingVerification, checksOf, storeChecks } from './queries.ts';
import { loadSnapshot } from './snapshot.ts';

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

/** How often, and how far apart, the scheduled checks look again at a result still pending. */
const pendingRechecks = { attempts: 10, delaySeconds: 30 };

/**
 * The checks run when setup is done. A failure that may still resolve by itself (an email on
 * its way) is looked at again in half a minute, a few times, before it is left as it is.
 */
export async function runScheduledChecks(
  ctx: AppContext,
  { organizationId, attempt }: { organizationId: string; attempt: number },
): Promise<void> {
  const results = await runChecks(ctx, organizationId, systemOrigin);
  if (!results.some((r) => r.pending) || attempt >= pendingRechecks.attempts) return;
  await ctx.db.transaction((tx) =>
    ctx.jobs.send(
      tx,
      verificationChecksJob,
      { organizationId, attempt: attempt + 1 },
      { startAfter: pendingRechecks.delaySeconds },
    ),
  );
}

/** The CX queue: organizations awaiting verification, oldest first (by when setup finished), with their checks. */
export async function verificationQueue(ctx: Pick<AppContext, 'db'>) {
  const rows = await awaitingVerification(ctx.db, 200);
  const checks = await checksOf(
    ctx.db,
    rows.map((r) => r.organization.id),
  );
  const order = (key: string) => checkKeys.indexOf(key as CheckKey);
  // Grouped once: up to 200 organizations, each with its few checks.
  const byOrganization = Map.groupBy(checks, (c) => c.organizationId);
  return {
    items: rows.map(({ organization, company, contactEmail }) => {
      const own = byOrganization.get(organization.id) ?? [];
      return {
        id: organization.id,
        name: organization.name,
        company,
        contactEmail,
        shortName: organization.shortName,
        region: organization.region,
        state: organization.state,
        setup: organization.setup,
        createdAt: organization.createdAt,
        setupDoneAt: organization.setupDoneAt,
        checks: own
          .map((c) => ({ key: c.key, status: c.status, detail: c.detail }))
          .sort((a, b) => order(a.key) - order(b.key)),
        checksPassed: own.length > 0 && own.every((c) => c.status === 'passed'),
      };
    }),
  };
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
      throw validationError({
        path: 'body.notes',
        message: 'explain why you sign off despite failing checks',
      });
    }
    const verified = await markVerified(
      tx,
      ctx,
      organization,
      { notes: input.notes?.trim() || null, failingChecks: failing.map((f) => f.key) },
      origin,
    );
    const admin = await firstAdmin(tx, organizationId);
    if (!admin) throw new Error(`organization ${organizationId} has no admin`);
    const locale = isLocale(organization.locale) ? organization.locale : 'en';
    const region = regionOf(ctx.regions, organization.region);
    const data = {
      adminName: personName(locale, admin),
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
    return { organization: verified ?? organization, alreadyVerified: false, checks: results };
  });
}
