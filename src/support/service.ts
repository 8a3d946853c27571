import { auditTrail } from '../audit/queries.ts';
import type { AppContext } from '../context.ts';
import { listEmails } from '../email/queries.ts';
import { AppError } from '../errors.ts';
import { invitationsOf, membersOf } from '../organization/queries.ts';
import { invitationView } from '../organization/service.ts';
import { productsOf } from '../subscriptions/queries.ts';
import { toSummary } from '../subscriptions/service.ts';
import { findOrganizationWithSubscription, storedChecks } from '../verification/queries.ts';
import { organizationsByIds, runsWithSteps, searchOrganizationIds, staffName } from './queries.ts';

export type TimelineEntry = {
  at: Date;
  kind: 'audit' | 'email' | 'step';
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
  ctx: Pick<AppContext, 'db' | 'now' | 'regions'>,
  organizationId: string,
) {
  const found = await findOrganizationWithSubscription(ctx.db, organizationId);
  if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
  const { organization, subscription } = found;
  const now = ctx.now();
  const [products, runs, checks, emails, members, invitations, audit, verifiedBy] = await Promise.all([
    productsOf(ctx.db, [subscription.id]).then((m) => m.get(subscription.id) ?? []),
    runsWithSteps(ctx.db, organizationId),
    storedChecks(ctx.db, organizationId),
    listEmails(ctx.db, { subscriptionId: subscription.id, organizationId }),
    membersOf(ctx.db, organizationId),
    invitationsOf(ctx.db, organizationId),
    auditTrail(ctx.db, organizationId, subscription.id),
    staffName(ctx.db, organization.verifiedBy),
  ]);
  const runView = (kind: string) => {
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
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const region = ctx.regions.find((r) => r.code === organization.region);
  return {
    organization: {
      ...organizationSummary(organization),
      locale: organization.locale,
      loginUrl: region?.loginUrl ?? null,
      verifiedAt: organization.verifiedAt,
      verifiedBy,
      verificationNotes: organization.verificationNotes,
      verificationOverride: organization.verificationOverride,
    },
    subscription: toSummary(subscription, products),
    runs: { provisioning: runView('provisioning'), setup: runView('setup') },
    checks,
    emails,
    people: { members, invitations: invitations.map((i) => invitationView(i, now)) },
    audit,
    timeline,
  };
}
