import { findCustomerUser } from '../accounts/queries.ts';
import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { InvitationRow, OrganizationRow } from '../db/schema.ts';
import { queueEmailAtCommit } from '../email/outbox.ts';
import { personName } from '../i18n/index.ts';
import { hashToken, newSecretToken } from '../security/tokens.ts';
import { renderInvitationEmail } from './email.ts';
import { rememberReplacedLink, setInvitationLinkAtCommit } from './queries.ts';

/** What receivers learn of an invitation: whom, with which role, into which organization. */
export function invitationEvent(invitation: InvitationRow, organization: OrganizationRow) {
  return {
    invitationId: invitation.id,
    email: invitation.email,
    role: invitation.role,
    organizationId: organization.id,
    subscriptionId: organization.subscriptionId,
    shortName: organization.shortName,
    region: organization.region,
    locale: organization.locale,
  };
}

/** SPEC: an invitation link works once and for 30 days. */
const invitationLifetimeMs = 30 * 24 * 3600_000;

/** Who invited, as the email names them. */
type Inviter = { firstName: string; lastName: string; email: string };

/**
 * Issues a fresh link for a pending invitation (any earlier link stops working) and queues the
 * email in the organization's language, in the caller's transaction. `inviter`: who invited,
 * when the caller has read it already (null: nobody, and the organization invites).
 */
export async function sendInvitation(
  tx: Db,
  ctx: Pick<AppContext, 'jobs' | 'emails' | 'config' | 'now' | 'regions'>,
  invitation: InvitationRow,
  organization: OrganizationRow,
  known?: { inviter: Inviter | null },
): Promise<{ expiresAt: Date }> {
  const now = ctx.now();
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
  const version = invitation.tokenVersion + 1;
  if (invitation.tokenHash) await rememberReplacedLink(tx, invitation.id, invitation.tokenHash, now);
  await setInvitationLinkAtCommit(tx, {
    id: invitation.id,
    tokenHash: hashToken(token),
    tokenVersion: version,
    sentAt: now,
    expiresAt,
  });
  const inviter: Inviter | null | undefined = known
    ? known.inviter
    : invitation.invitedBy
      ? await findCustomerUser(tx, invitation.invitedBy)
      : undefined;
  const inviterName = inviter ? personName(organization.locale, inviter) : organization.name;
  await queueEmailAtCommit(tx, ctx, {
    eventKey: `invitation:${invitation.id}:${version}`,
    template: 'invitation',
    locale: organization.locale,
    to: invitation.email,
    subscriptionId: organization.subscriptionId,
    organizationId: organization.id,
    content: renderInvitationEmail(organization.locale, {
      inviterName,
      inviterEmail: inviter?.email ?? '',
      organizationName: organization.name,
      shortName: organization.shortName,
      role: invitation.role,
      url: `${ctx.config.publicUrl}/invitations/${token}`,
      expiresAt,
      timeZone: regionOf(ctx.regions, organization.region)?.timeZone ?? 'UTC',
    }),
    sentEvent: {
      type: 'invitation.sent',
      subscriptionId: organization.subscriptionId,
      organizationId: organization.id,
      data: { ...invitationEvent(invitation, organization), expiresAt: expiresAt.toISOString() },
    },
  });
  return { expiresAt };
}
