import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { customerUsers, invitations, type organizations } from '../db/schema.ts';
import { queueEmail } from '../email/outbox.ts';
import { hashToken, newSecretToken } from '../security/tokens.ts';
import { renderInvitationEmail } from './email.ts';

/** SPEC: an invitation link works once and for 30 days. */
export const invitationLifetimeMs = 30 * 24 * 3600_000;

type Organization = typeof organizations.$inferSelect;
type Invitation = typeof invitations.$inferSelect;

export function invitationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/invitations/${token}`;
}

/**
 * Issues a fresh link for a pending invitation (any earlier link stops working) and queues the
 * email in the organization's language, in the caller's transaction.
 */
export async function sendInvitation(
  tx: Db,
  ctx: Pick<AppContext, 'jobs' | 'config' | 'now'>,
  invitation: Invitation,
  organization: Organization,
): Promise<{ expiresAt: Date }> {
  const now = ctx.now();
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
  const version = invitation.tokenVersion + 1;
  await tx
    .update(invitations)
    .set({ tokenHash: hashToken(token), tokenVersion: version, sentAt: now, expiresAt })
    .where(eq(invitations.id, invitation.id));
  const [inviter] = invitation.invitedBy
    ? await tx.select().from(customerUsers).where(eq(customerUsers.id, invitation.invitedBy))
    : [];
  const inviterName = inviter ? `${inviter.firstName} ${inviter.lastName}`.trim() : organization.name;
  await queueEmail(tx, ctx, {
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
      url: invitationUrl(ctx.config.publicUrl, token),
      expiresAt,
    }),
  });
  return { expiresAt };
}

/** Pending invitations of an organization that were never emailed. */
export async function unsentInvitations(tx: Db, organizationId: string) {
  return tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.status, 'pending'),
        isNull(invitations.tokenHash),
      ),
    )
    .orderBy(invitations.createdAt);
}
