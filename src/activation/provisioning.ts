import { and, eq } from 'drizzle-orm';
import { recordAudit, systemOrigin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { customerUsers, divisions, organizations, roleGrants, sites } from '../db/schema.ts';
import { sendInvitation, unsentInvitations } from '../invitations/issue.ts';
import type { RunDefinition } from '../runs/definitions.ts';
import type { RunRow } from '../runs/queries.ts';

async function organizationOf(tx: Db, run: RunRow) {
  const [organization] = await tx
    .select()
    .from(organizations)
    .where(eq(organizations.id, run.organizationId));
  if (!organization) throw new Error(`organization ${run.organizationId} is missing`);
  return organization;
}

async function defaultDivision(tx: Db, organizationId: string) {
  const [division] = await tx
    .select()
    .from(divisions)
    .where(and(eq(divisions.organizationId, organizationId), eq(divisions.isDefault, true)));
  return division;
}

/** The organization's defaults: a default division and site, in the locale and time zone of its region. */
async function createDefaults(tx: Db, _ctx: AppContext, run: RunRow) {
  const organization = await organizationOf(tx, run);
  await tx
    .insert(divisions)
    .values({ organizationId: organization.id, name: 'Home', isDefault: true })
    .onConflictDoNothing();
  await tx
    .insert(sites)
    .values({
      organizationId: organization.id,
      name: organization.name,
      locale: organization.locale,
      timeZone: organization.timeZone,
      isDefault: true,
    })
    .onConflictDoNothing();
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
  const division = await defaultDivision(tx, run.organizationId);
  if (!division) throw new Error('the default division is missing');
  const admins = await tx
    .select({ id: customerUsers.id })
    .from(customerUsers)
    .where(and(eq(customerUsers.organizationId, run.organizationId), eq(customerUsers.role, 'admin')));
  for (const admin of admins) {
    await tx
      .insert(roleGrants)
      .values({
        organizationId: run.organizationId,
        userId: admin.id,
        role: 'admin',
        divisionId: division.id,
      })
      .onConflictDoNothing();
    await recordAudit(tx, systemOrigin, {
      action: 'role.granted',
      organizationId: run.organizationId,
      data: { userId: admin.id, role: 'admin', divisionId: division.id },
    });
  }
}

/** Issues and emails the invitations made during activation. */
async function sendInvitations(tx: Db, ctx: AppContext, run: RunRow) {
  const organization = await organizationOf(tx, run);
  for (const invitation of await unsentInvitations(tx, organization.id)) {
    await sendInvitation(tx, ctx, invitation, organization);
    await recordAudit(tx, systemOrigin, {
      action: 'invitation.sent',
      organizationId: organization.id,
      subscriptionId: organization.subscriptionId,
      data: { invitationId: invitation.id, email: invitation.email, role: invitation.role },
    });
  }
}

async function activate(tx: Db, ctx: AppContext, run: RunRow) {
  const organization = await organizationOf(tx, run);
  if (organization.state !== 'provisioning') return;
  await tx
    .update(organizations)
    .set({ state: 'active', activatedAt: ctx.now() })
    .where(eq(organizations.id, organization.id));
  await recordAudit(tx, systemOrigin, {
    action: 'organization.activated',
    organizationId: organization.id,
    subscriptionId: organization.subscriptionId,
    data: { before: { state: 'provisioning' }, after: { state: 'active' } },
  });
}

/** SPEC step 7: what "Activate now" sets in motion, one idempotent step at a time. */
export const provisioningRun: RunDefinition = {
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
  async onFailed(tx, _ctx, run, step, reference) {
    const organization = await organizationOf(tx, run);
    await recordAudit(tx, systemOrigin, {
      action: 'provisioning.failed',
      organizationId: organization.id,
      subscriptionId: organization.subscriptionId,
      data: { step, reference },
    });
  },
};
