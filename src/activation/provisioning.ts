import { randomUUID } from 'node:crypto';
import { recordAudit, recordAudits, systemOrigin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { OrganizationRow, RunRow } from '../db/schema.ts';
import { sendInvitation } from '../invitations/issue.ts';
import { unsentInvitations } from '../invitations/queries.ts';
import { markActive, recordProvisioningFailure } from '../organization/lifecycle.ts';
import { findOrganization } from '../organization/queries.ts';
import type { RunDefinition } from '../runs/definitions.ts';
import {
  grantAdminRoleInDefaultDivision,
  grantNewOrganizationAdminRole,
  insertDefaultDivisionAndSite,
  insertNewOrganizationDefaults,
} from './queries.ts';

/**
 * The run's organization, read once per transaction (the steps of a stretch share one): no step
 * changes what they read of it, and only `activate`, the last, changes its state. `created`
 * when the organization was inserted in that transaction, with its admins: provisioning's
 * writes then go with the commit (nothing before it reads them, and nothing can conflict).
 */
type Known = { organization: OrganizationRow; created?: { adminIds: string[]; divisionId?: string } };

const organizations = new WeakMap<Db, Known>();

/**
 * Tells provisioning, worked later in `tx`, the organization it works on: just inserted there,
 * with these admins.
 */
export function rememberNewOrganization(tx: Db, organization: OrganizationRow, adminIds: string[]): void {
  organizations.set(tx, { organization, created: { adminIds } });
}

async function knownOrganization(tx: Db, run: RunRow): Promise<Known> {
  const known = organizations.get(tx);
  if (known?.organization.id === run.organizationId) return known;
  const organization = await findOrganization(tx, run.organizationId);
  if (!organization) throw new Error(`organization ${run.organizationId} is missing`);
  const read = { organization };
  organizations.set(tx, read);
  return read;
}

async function organizationOf(tx: Db, run: RunRow) {
  return (await knownOrganization(tx, run)).organization;
}

/** The organization's defaults: a default division and site, in the locale and time zone of its region. */
async function createDefaults(tx: Db, _ctx: AppContext, run: RunRow) {
  const { organization, created } = await knownOrganization(tx, run);
  if (created) {
    created.divisionId = randomUUID();
    await insertNewOrganizationDefaults(tx, { ...organization, divisionId: created.divisionId });
  } else {
    await insertDefaultDivisionAndSite(tx, organization);
  }
  await recordAudit(tx, systemOrigin, {
    action: 'organization.defaults_created',
    organizationId: organization.id,
    subscriptionId: organization.subscriptionId,
    data: {
      division: 'Home',
      site: organization.name,
      locale: organization.locale,
      timeZone: organization.timeZone,
    },
  });
}

/** Grants the activating admin the admin role in the default division. */
async function grantAdminRole(tx: Db, _ctx: AppContext, run: RunRow) {
  const { created } = await knownOrganization(tx, run);
  const { divisionId, adminIds } = created?.divisionId
    ? await grantNewAdmins(tx, run.organizationId, created.divisionId, created.adminIds)
    : await grantAdminRoleInDefaultDivision(tx, run.organizationId);
  if (!divisionId) throw new Error('the default division is missing');
  await recordAudits(
    tx,
    systemOrigin,
    adminIds.map((userId) => ({
      action: 'role.granted',
      organizationId: run.organizationId,
      data: { userId, role: 'admin', divisionId },
    })),
  );
}

/** A new organization's admins and division are known: the grants go with the commit. */
async function grantNewAdmins(tx: Db, organizationId: string, divisionId: string, adminIds: string[]) {
  await grantNewOrganizationAdminRole(
    tx,
    adminIds.map((userId) => ({ organizationId, userId, divisionId })),
  );
  return { divisionId, adminIds };
}

/** Issues and emails the invitations made during activation. */
async function sendInvitations(tx: Db, ctx: AppContext, run: RunRow) {
  const organization = await organizationOf(tx, run);
  for (const { invitation, inviter } of await unsentInvitations(tx, organization.id)) {
    await sendInvitation(tx, ctx, invitation, organization, { inviter });
    await recordAudit(tx, systemOrigin, {
      action: 'invitation.sent',
      organizationId: organization.id,
      subscriptionId: organization.subscriptionId,
      data: { invitationId: invitation.id, email: invitation.email, role: invitation.role },
    });
  }
}

async function activate(tx: Db, ctx: AppContext, run: RunRow) {
  const { organization, created } = await knownOrganization(tx, run);
  await markActive(tx, ctx, organization, { isNew: created !== undefined });
}

/** SPEC step 7: what "Activate now" sets in motion, one idempotent step at a time. */
export const provisioningRun: RunDefinition<AppContext> = {
  kind: 'provisioning',
  steps: [
    { key: 'organization-defaults', run: createDefaults },
    { key: 'admin-role', run: grantAdminRole },
    { key: 'invitations', run: sendInvitations },
    { key: 'activate-organization', run: activate },
  ],
  async onSucceeded(tx, _ctx, run) {
    const organization = await organizationOf(tx, run);
    await recordAudit(tx, systemOrigin, {
      action: 'provisioning.succeeded',
      organizationId: organization.id,
      subscriptionId: organization.subscriptionId,
    });
  },
  async onFailed(tx, ctx, run, step, reference) {
    await recordProvisioningFailure(tx, ctx, await organizationOf(tx, run), { step, reference });
  },
};
