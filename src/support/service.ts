import { randomUUID } from 'node:crypto';
import { membersOf } from '../accounts/queries.ts';
import { type Origin, recordAudit } from '../audit/audit.ts';
import { auditToCsv, auditToJsonLines } from '../audit/export.ts';
import { auditTrail } from '../audit/queries.ts';
import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import type { RunKind } from '../db/schema.ts';
import { queueEmail } from '../email/outbox.ts';
import { findOutboxEmail, listEmails } from '../email/queries.ts';
import { AppError } from '../errors.ts';
import { eventsOf } from '../events/queries.ts';
import { isLocale } from '../i18n/index.ts';
import { listInvitations } from '../invitations/service.ts';
import { restartSetup } from '../organization/lifecycle.ts';
import { findOrganizationWithSubscription } from '../organization/queries.ts';
import { restartFailedRun } from '../runs/failure.ts';
import { staffName } from '../staff/queries.ts';
import { productsOf } from '../subscriptions/queries.ts';
import { toSummary } from '../subscriptions/service.ts';
import { storedChecks } from '../verification/queries.ts';
import { organizationsByIds, runsWithSteps, searchOrganizationIds } from './queries.ts';

type TimelineEntry = {
  at: Date;
  kind: 'audit' | 'email' | 'step' | 'event';
  label: string;
  detail: string | null;
};

function organizationSummary(row: Awaited<ReturnType<typeof organizationsByIds>>[number]) {
  return {
    id: row.id,
    name: row.name,
    shortName: row.shortName,
    region: row.region,
    state: row.state,
    setup: row.setup,
    verification: row.verification,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    setupDoneAt: row.setupDoneAt,
  };
}

export async function searchOrganizations(ctx: Pick<AppContext, 'db'>, q: string, region?: string) {
  const ids = await searchOrganizationIds(ctx.db, q, region);
  return (await organizationsByIds(ctx.db, ids)).map(organizationSummary);
}

/**
 * `GET /api/v1/organizations/{id}`: everything support and CX need about one activation: the
 * organization, its subscription, steps, checks, emails with delivery status, people, the
 * audit trail, and the timeline that puts it all in order.
 */
export async function organizationDetail(
  ctx: Pick<AppContext, 'db' | 'now' | 'regions' | 'runs'>,
  organizationId: string,
) {
  const found = await findOrganizationWithSubscription(ctx.db, organizationId);
  if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
  const { organization, subscription } = found;
  const [products, runs, checks, emails, members, invitations, audit, verifiedBy, events] = await Promise.all(
    [
      productsOf(ctx.db, [subscription.id]).then((m) => m.get(subscription.id) ?? []),
      runsWithSteps(ctx.db, organizationId),
      storedChecks(ctx.db, organizationId),
      listEmails(ctx.db, { subscriptionId: subscription.id, organizationId }),
      membersOf(ctx.db, organizationId),
      listInvitations(ctx, organizationId),
      auditTrail(ctx.db, organizationId, subscription.id),
      staffName(ctx.db, organization.verifiedBy),
      eventsOf(ctx.db, { organizationId, subscriptionId: subscription.id }),
    ],
  );
  const stepName = (kind: 'provisioning' | 'setup', key: string) => {
    const step = ctx.runs[kind].steps.find((s) => s.key === key);
    return step && 'name' in step ? step.name : null;
  };
  const runView = (kind: 'provisioning' | 'setup') => {
    const run = runs.get(kind);
    return run
      ? {
          state: run.state,
          startedAt: run.createdAt,
          finishedAt: run.finishedAt,
          steps: run.steps.map((s) => ({
            key: s.key,
            status: s.status,
            attempts: s.attempts,
            startedAt: s.startedAt,
            finishedAt: s.finishedAt,
            lastError: s.lastError,
            errorReference: s.errorReference,
            name: stepName(kind, s.key),
            responseStatus: s.responseStatus,
            response: s.response,
            statusUrl: s.statusUrl,
            waitingUntil: s.waitingUntil,
          })),
        }
      : null;
  };
  const timeline: TimelineEntry[] = [
    ...audit.map((e) => ({
      at: e.occurredAt,
      kind: 'audit' as const,
      label: e.action,
      detail: e.actorEmail ?? e.actorType,
    })),
    ...emails.flatMap((e) =>
      e.sentAt
        ? [{ at: e.sentAt, kind: 'email' as const, label: `email.${e.template}.sent`, detail: e.to }]
        : [],
    ),
    ...[...runs.entries()].flatMap(([kind, run]) =>
      run.steps.flatMap((s) =>
        s.finishedAt
          ? [
              {
                at: s.finishedAt,
                kind: 'step' as const,
                label: `${kind}.${s.key}.${s.status}`,
                detail: s.errorReference,
              },
            ]
          : [],
      ),
    ),
    // Each event with how many of its deliveries succeeded (none when no endpoint listens).
    ...events.map((e) => ({
      at: e.createdAt,
      kind: 'event' as const,
      label: e.type,
      detail: e.deliveries > 0 ? `${e.delivered}/${e.deliveries}` : null,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const region = regionOf(ctx.regions, organization.region);
  return {
    organization: {
      ...organizationSummary(organization),
      locale: organization.locale,
      loginUrl: region?.loginUrl ?? null,
      regionName: region?.name ?? { en: organization.region, ko: organization.region },
      timeZone: region?.timeZone ?? 'UTC',
      verifiedAt: organization.verifiedAt,
      verifiedBy,
      verificationNotes: organization.verificationNotes,
      verificationOverride: organization.verificationOverride,
    },
    subscription: toSummary(subscription, products),
    runs: { provisioning: runView('provisioning'), setup: runView('setup') },
    checks,
    emails,
    people: { members, invitations },
    audit,
    timeline,
  };
}

/**
 * One organization's audit trail as a file: CSV (safe to open in a spreadsheet) or JSON Lines,
 * named after the organization. The API and the CLI both export through this.
 */
export async function exportAuditTrail(
  ctx: Pick<AppContext, 'db'>,
  organizationId: string,
  format: 'csv' | 'jsonl',
): Promise<{ filename: string; contentType: string; body: string; events: number }> {
  const found = await findOrganizationWithSubscription(ctx.db, organizationId);
  if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
  const rows = await auditTrail(ctx.db, found.organization.id, found.subscription.id);
  const name = `onramp-audit-${found.organization.shortName}-${found.organization.id.slice(0, 8)}`;
  return format === 'csv'
    ? {
        filename: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: auditToCsv(rows),
        events: rows.length,
      }
    : {
        filename: `${name}.jsonl`,
        contentType: 'application/x-ndjson; charset=utf-8',
        body: auditToJsonLines(rows),
        events: rows.length,
      };
}

/**
 * Staff send an email from the outbox again: a new copy of the same content is queued (the
 * original keeps its own delivery history).
 */
export async function resendOutboxEmail(ctx: AppContext, outboxId: string, origin: Origin) {
  return ctx.db.transaction(async (tx) => {
    const original = await findOutboxEmail(tx, outboxId);
    if (!original) throw new AppError('EMAIL_NOT_FOUND');
    const copy = await queueEmail(tx, ctx, {
      eventKey: `resend:${original.id}:${randomUUID()}`,
      template: original.template,
      locale: isLocale(original.locale) ? original.locale : 'en',
      to: original.toAddress,
      subscriptionId: original.subscriptionId,
      organizationId: original.organizationId,
      content: { subject: original.subject, text: original.textBody, html: original.htmlBody },
    });
    await recordAudit(tx, origin, {
      action: 'email.resent',
      subscriptionId: original.subscriptionId,
      organizationId: original.organizationId,
      data: { originalId: original.id, copyId: copy, template: original.template, to: original.toAddress },
    });
    return { id: copy ?? '', originalId: original.id };
  });
}

/**
 * Staff run a failed provisioning or setup again from the step that failed (after fixing what a
 * connector refused, say). Setup goes back to running for the customer too.
 */
export async function retryRun(ctx: AppContext, organizationId: string, kind: RunKind, origin: Origin) {
  await ctx.db.transaction(async (tx) => {
    const found = await findOrganizationWithSubscription(tx, organizationId, { forUpdate: true });
    if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
    if (!(await restartFailedRun(tx, ctx, organizationId, kind))) throw new AppError('RUN_NOT_FAILED');
    if (kind === 'setup') await restartSetup(tx, ctx, organizationId, origin);
    await recordAudit(tx, origin, {
      action: 'run.retried',
      organizationId,
      subscriptionId: found.subscription.id,
      data: { kind },
    });
  });
  return { organizationId, kind, state: 'running' as const };
}
