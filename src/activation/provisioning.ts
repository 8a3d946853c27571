import { recordAudit, recordAudits, systemOrigin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { OrganizationRow, RunRow } from '../db/schema.ts';
import { sendInvitation } from '../invitations/issue.ts';
import { unsentInvitations } from '../invitations/queries.ts';
import { markActive, recordProvisioningFailure } from '../organization/lifecycle.ts';
import { findOrganization } from '../organization/queries.ts';
import type { RunDefinition } from '../runs/definitions.ts';
import { grantAdminRoleInDefaultDivision, insertDefaultDivisionAndSite } from './queries.ts';

/**
 * The run's organization, read once per transaction (the steps of a stretch share one): no step
 * changes what they read of it, and only `activate`, the last, changes its state.
 */
const organizations = new WeakMap<Db, OrganizationRow>();

/** Tells provisioning, worked later in `tx`, the organization it works on (just inserted there). */
export function rememberOrganization(tx: Db, organization: OrganizationRow): void {
  organizations.set(tx, organization);
}

async function organizationOf(tx: Db, run: RunRow) {
  const known = organizations.get(tx);
  if (known?.id === run.organizationId) return known;
  const organization = await findOrganization(tx, run.organizationId);
  if (!organization) throw new Error(`organization ${run.organizationId} is missing`);
  organizations.set(tx, organization);
  return organization;
}

/** The organization's defaults: a default division and site, in the locale and time zone of its region. */
async function createDefaults(tx: Db, _ctx: AppContext, run: RunRow) {
  const organization = await organizationOf(tx, run);
  await insertDefaultDivisionAndSite(tx, organization);
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
  const { divisionId, adminIds } = await grantAdminRoleInDefaultDivision(tx, run.organizationId);
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
  await markActive(tx, ctx, await organizationOf(tx, run));
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
