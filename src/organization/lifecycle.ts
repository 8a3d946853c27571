import { type Origin, recordAudit, systemOrigin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { OrganizationRow } from '../db/schema.ts';
import {
  insertOrganizationWithFirstNameAtCommit,
  insertOrganizationWithShortName,
} from '../short-name/allocate.ts';
import { deriveShortName } from '../short-name/derive.ts';
import { productLines, recordOrganizationEvent } from './events.ts';
import { markNewOrganizationActive, type NewOrganizationValues, updateOrganization } from './queries.ts';

/**
 * Every state change of an organization, each one function that writes the row and its audit
 * event, and the event receivers are sent, in the caller's transaction: the change and its
 * records exist together or not at all.
 *
 *   created (provisioning) → active;  setup pending → running → done | failed (→ running again);
 *   verification pending → verified.
 */
type LifecycleContext = Pick<AppContext, 'now' | 'jobs' | 'webhooks'>;

function audited(organization: Pick<OrganizationRow, 'id' | 'subscriptionId'>) {
  return { organizationId: organization.id, subscriptionId: organization.subscriptionId };
}

/** How the short name is chosen: exactly the typed one, or the first free one derived from the company. */
export type ShortNameChoice = { typed: string } | { derivedFrom: string };

/**
 * Creates the organization (state `provisioning`) with its short name. Undefined when a typed
 * name is taken; a derived name takes the next free number, so it always succeeds.
 *
 * With `atCommit`, the organization takes the first candidate name and is written as `tx`
 * commits (one round trip fewer); should that name be taken by then, the commit fails
 * (`isShortNameTaken`) and the caller does it again without `atCommit`.
 */
export async function createOrganization(
  tx: Db,
  ctx: LifecycleContext,
  values: Omit<NewOrganizationValues, 'shortName'>,
  shortName: ShortNameChoice,
  origin: Origin,
  options: { atCommit?: boolean } = {},
): Promise<OrganizationRow | undefined> {
  const exact = 'typed' in shortName;
  const base = 'typed' in shortName ? shortName.typed : deriveShortName(shortName.derivedFrom);
  const organization =
    (options.atCommit
      ? await insertOrganizationWithFirstNameAtCommit(tx, values, base, { exact })
      : undefined) ?? (await insertOrganizationWithShortName(tx, values, base, { exact }));
  if (!organization) return undefined;
  await recordAudit(tx, origin, {
    ...audited(organization),
    action: 'organization.created',
    data: {
      after: {
        name: organization.name,
        shortName: organization.shortName,
        region: organization.region,
        locale: organization.locale,
      },
      shortNameSource: 'typed' in shortName ? 'typed' : 'derived',
    },
  });
  await recordOrganizationEvent(tx, ctx, 'organization.created', organization);
  return organization;
}

/**
 * Provisioning finished: `provisioning` → `active`. Does nothing when already active. `isNew`:
 * the organization was created in this transaction (so it is `provisioning`), and the change is
 * written as it commits.
 */
export async function markActive(
  tx: Db,
  ctx: LifecycleContext,
  organization: OrganizationRow,
  options: { isNew?: boolean } = {},
) {
  const now = ctx.now();
  let updated: OrganizationRow | undefined;
  if (options.isNew) {
    await markNewOrganizationActive(tx, organization.id, now);
    updated = { ...organization, state: 'active', activatedAt: now };
  } else {
    updated = await updateOrganization(
      tx,
      organization.id,
      { state: 'active', activatedAt: now },
      { state: 'provisioning' },
    );
  }
  if (!updated) return;
  await recordAudit(tx, systemOrigin, {
    ...audited(organization),
    action: 'organization.activated',
    data: { before: { state: 'provisioning' }, after: { state: 'active' } },
  });
  await recordOrganizationEvent(tx, ctx, 'organization.provisioned', updated, {
    products: await productLines(tx, updated.subscriptionId),
  });
}

/** Provisioning gave up at `step`; the organization stays `provisioning` until staff retry. */
export async function recordProvisioningFailure(
  tx: Db,
  ctx: LifecycleContext,
  organization: OrganizationRow,
  failure: { step: string; reference: string },
) {
  await recordAudit(tx, systemOrigin, {
    ...audited(organization),
    action: 'provisioning.failed',
    data: failure,
  });
  await recordOrganizationEvent(tx, ctx, 'organization.provisioning_failed', organization, { failure });
}

/**
 * The admin's first sign-in starts setup, once: `pending` → `running`. The conditional update
 * lets only one of several concurrent sign-ins through; undefined for the others.
 */
export async function startSetup(
  tx: Db,
  _ctx: LifecycleContext,
  organizationId: string,
  origin: Origin,
): Promise<OrganizationRow | undefined> {
  const started = await updateOrganization(tx, organizationId, { setup: 'running' }, { setup: 'pending' });
  if (!started) return undefined;
  await recordAudit(tx, origin, {
    ...audited(started),
    action: 'setup.started',
    data: { before: { setup: 'pending' }, after: { setup: 'running' } },
  });
  return started;
}

/** "Try again" after a failed setup: `failed` → `running`. */
export async function restartSetup(tx: Db, _ctx: LifecycleContext, organizationId: string, origin: Origin) {
  const restarted = await updateOrganization(tx, organizationId, { setup: 'running' }, { setup: 'failed' });
  if (!restarted) return false;
  await recordAudit(tx, origin, {
    ...audited(restarted),
    action: 'setup.retried',
    data: { before: { setup: 'failed' }, after: { setup: 'running' } },
  });
  return true;
}

/** Features and billing are in place: setup `running` → `done`; receivers learn the billing too. */
export async function completeSetup(
  tx: Db,
  ctx: LifecycleContext,
  organizationId: string,
  billing: { billing?: Record<string, unknown> } = {},
) {
  const done = await updateOrganization(tx, organizationId, { setup: 'done', setupDoneAt: ctx.now() });
  if (!done) throw new Error(`organization ${organizationId} is missing`);
  await recordAudit(tx, systemOrigin, {
    ...audited(done),
    action: 'setup.succeeded',
    data: { before: { setup: 'running' }, after: { setup: 'done' } },
  });
  await recordOrganizationEvent(tx, ctx, 'organization.setup_completed', done, {
    products: await productLines(tx, done.subscriptionId),
    ...billing,
  });
  return done;
}

/** Setup gave up at `step`: setup → `failed`, until the admin tries again. */
export async function failSetup(
  tx: Db,
  ctx: LifecycleContext,
  organization: OrganizationRow,
  failure: { step: string; reference: string },
) {
  const failed = await updateOrganization(tx, organization.id, { setup: 'failed' });
  await recordAudit(tx, systemOrigin, { ...audited(organization), action: 'setup.failed', data: failure });
  await recordOrganizationEvent(tx, ctx, 'organization.setup_failed', failed ?? organization, { failure });
}

/** The CX specialist's sign-off: verification `pending` → `verified`, with who, when and why. */
export async function markVerified(
  tx: Db,
  ctx: LifecycleContext,
  organization: OrganizationRow,
  signOff: { notes: string | null; failingChecks: string[] },
  origin: Origin,
): Promise<OrganizationRow | undefined> {
  const override = signOff.failingChecks.length > 0;
  const verified = await updateOrganization(
    tx,
    organization.id,
    {
      verification: 'verified',
      verifiedAt: ctx.now(),
      verifiedBy: origin.actor.type === 'staff' ? origin.actor.id : null,
      verificationNotes: signOff.notes,
      verificationOverride: override,
    },
    { verification: 'pending' },
  );
  if (!verified) return undefined;
  await recordAudit(tx, origin, {
    ...audited(organization),
    action: 'organization.verified',
    data: {
      before: { verification: 'pending' },
      after: { verification: 'verified' },
      notes: signOff.notes,
      override,
      failingChecks: signOff.failingChecks,
    },
  });
  await recordOrganizationEvent(tx, ctx, 'organization.verified', verified, {
    verifiedAt: verified.verifiedAt?.toISOString() ?? null,
    override,
  });
  return verified;
}
