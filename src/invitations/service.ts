import { and, eq, sql } from 'drizzle-orm';
import { signInStates } from '../accounts/queries.ts';
import type { CustomerPrincipal } from '../accounts/service.ts';
import { type Origin, recordAudits } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { customerSessions, customerUsers, invitations, organizations } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { invitationView } from '../organization/service.ts';
import { checkPassword } from '../security/password-policy.ts';
import { hashPassword } from '../security/passwords.ts';
import { newSession } from '../security/sessions.ts';
import { hashToken, looksLikeToken } from '../security/tokens.ts';
import { sendInvitation } from './issue.ts';

type Invitation = typeof invitations.$inferSelect;

async function findOwnInvitation(
  tx: Db,
  organizationId: string,
  id: string,
  forUpdate = false,
): Promise<Invitation> {
  const query = tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.organizationId, organizationId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('INVITATION_NOT_FOUND');
  return row;
}

function audited(principal: CustomerPrincipal) {
  return { organizationId: principal.organization.id, subscriptionId: principal.organization.subscriptionId };
}

/** An admin invites someone: one pending invitation per address, never an existing member. */
export async function inviteMember(
  ctx: AppContext,
  principal: CustomerPrincipal,
  input: { email: string; role: 'admin' | 'user' },
  origin: Origin,
) {
  const { organization } = principal;
  return ctx.db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: customerUsers.id })
      .from(customerUsers)
      .where(
        and(
          eq(customerUsers.organizationId, organization.id),
          sql`lower(${customerUsers.email}) = lower(${input.email})`,
        ),
      );
    if (member) throw new AppError('ALREADY_MEMBER', { params: { email: input.email } });
    const [invitation] = await tx
      .insert(invitations)
      .values({
        organizationId: organization.id,
        email: input.email,
        role: input.role,
        invitedBy: principal.user.id,
        createdAt: ctx.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!invitation) throw new AppError('INVITATION_EXISTS', { params: { email: input.email } });
    const { expiresAt } = await sendInvitation(tx, ctx, invitation, organization);
    await recordAudits(tx, origin, [
      {
        ...audited(principal),
        action: 'invitation.created',
        data: { invitationId: invitation.id, email: input.email, role: input.role },
      },
      {
        ...audited(principal),
        action: 'invitation.sent',
        data: { invitationId: invitation.id, email: input.email },
      },
    ]);
    return invitationView({ ...invitation, sentAt: ctx.now(), expiresAt }, ctx.now());
  });
}

/** A new link for a pending invitation; the previous link stops working. */
export async function resendInvitation(
  ctx: AppContext,
  principal: CustomerPrincipal,
  id: string,
  origin: Origin,
) {
  return ctx.db.transaction(async (tx) => {
    const invitation = await findOwnInvitation(tx, principal.organization.id, id, true);
    if (invitation.status === 'accepted') throw new AppError('INVITATION_USED');
    if (invitation.status === 'revoked') throw new AppError('INVITATION_REVOKED');
    const { expiresAt } = await sendInvitation(tx, ctx, invitation, principal.organization);
    await recordAudits(tx, origin, [
      {
        ...audited(principal),
        action: 'invitation.resent',
        data: { invitationId: id, email: invitation.email },
      },
    ]);
    return invitationView({ ...invitation, sentAt: ctx.now(), expiresAt }, ctx.now());
  });
}

/** Withdraws a pending invitation; its link then says so. Revoking twice is harmless. */
export async function revokeInvitation(
  ctx: AppContext,
  principal: CustomerPrincipal,
  id: string,
  origin: Origin,
) {
  await ctx.db.transaction(async (tx) => {
    const invitation = await findOwnInvitation(tx, principal.organization.id, id, true);
    if (invitation.status === 'revoked') return;
    if (invitation.status === 'accepted') throw new AppError('INVITATION_USED');
    await tx
      .update(invitations)
      .set({ status: 'revoked', revokedAt: ctx.now() })
      .where(eq(invitations.id, id));
    await recordAudits(tx, origin, [
      {
        ...audited(principal),
        action: 'invitation.revoked',
        data: {
          invitationId: id,
          email: invitation.email,
          before: { status: 'pending' },
          after: { status: 'revoked' },
        },
      },
    ]);
  });
}

/** The invitation behind a link, or why it cannot be used: unknown, revoked, used, expired. */
async function resolveInvitationLink(db: Db, token: string, now: Date, forUpdate = false) {
  if (!looksLikeToken(token)) throw new AppError('INVITATION_INVALID');
  const query = db
    .select({ invitation: invitations, organization: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  const [row] = forUpdate ? await query.for('update', { of: invitations }) : await query;
  if (!row || !(signInStates as readonly string[]).includes(row.organization.state))
    throw new AppError('INVITATION_INVALID');
  if (row.invitation.status === 'revoked') throw new AppError('INVITATION_REVOKED');
  if (row.invitation.status === 'accepted') throw new AppError('INVITATION_USED');
  const expiresAt = row.invitation.expiresAt;
  if (!expiresAt || expiresAt <= now) {
    throw new AppError('INVITATION_EXPIRED', {
      params: { expiredAt: expiresAt ?? now },
      details: { expiredAt: (expiresAt ?? now).toISOString() },
    });
  }
  return { invitation: row.invitation, organization: row.organization, expiresAt };
}

/** What the invitee sees: the organization and who invited them. */
export async function describeInvitation(ctx: Pick<AppContext, 'db' | 'now'>, token: string) {
  const { invitation, organization, expiresAt } = await resolveInvitationLink(ctx.db, token, ctx.now());
  const [inviter] = invitation.invitedBy
    ? await ctx.db
        .select({
          firstName: customerUsers.firstName,
          lastName: customerUsers.lastName,
          email: customerUsers.email,
        })
        .from(customerUsers)
        .where(eq(customerUsers.id, invitation.invitedBy))
    : [];
  return {
    email: invitation.email,
    role: invitation.role,
    expiresAt,
    organization: { name: organization.name, shortName: organization.shortName, region: organization.region },
    invitedBy: inviter
      ? { name: `${inviter.firstName} ${inviter.lastName}`.trim(), email: inviter.email }
      : null,
  };
}

/**
 * The invitee sets their name and password: the account is created with the invited role,
 * the invitation is used up, and they are signed in.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { firstName: string; lastName: string; password: string },
  origin: Origin,
) {
  const broken = checkPassword(input.password, { minLength: ctx.config.passwordMinLength, maxLength: 400 });
  if (broken.length) {
    throw new AppError('VALIDATION_FAILED', {
      details: {
        fields: [
          {
            path: 'body.password',
            message: 'does not meet the password rules',
            rule: broken[0],
            rules: broken,
          },
        ],
      },
    });
  }
  const passwordHash = await hashPassword(input.password);
  const session = newSession(ctx.now());
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const { invitation, organization } = await resolveInvitationLink(tx, token, now, true);
    const [user] = await tx
      .insert(customerUsers)
      .values({
        organizationId: organization.id,
        email: invitation.email,
        firstName: input.firstName,
        lastName: input.lastName,
        passwordHash,
        role: invitation.role,
        locale: organization.locale,
        lastLoginAt: now,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!user) throw new AppError('ALREADY_MEMBER', { params: { email: invitation.email } });
    await tx
      .update(invitations)
      .set({ status: 'accepted', acceptedAt: now })
      .where(eq(invitations.id, invitation.id));
    await tx.insert(customerSessions).values({
      userId: user.id,
      organizationId: organization.id,
      tokenHash: session.tokenHash,
      expiresAt: session.expiresAt,
      createdAt: now,
      lastSeenAt: now,
    });
    const actor: Origin = {
      ...origin,
      actor: { type: 'customer', id: user.id, organizationId: organization.id, email: user.email },
    };
    const where = { organizationId: organization.id, subscriptionId: organization.subscriptionId };
    await recordAudits(tx, actor, [
      {
        ...where,
        action: 'invitation.accepted',
        data: { invitationId: invitation.id, before: { status: 'pending' }, after: { status: 'accepted' } },
      },
      {
        ...where,
        action: 'customer_user.created',
        data: { userId: user.id, email: user.email, role: user.role },
      },
      { ...where, action: 'customer.signed_in', data: { firstLogin: true } },
    ]);
    return { token: session.token, expiresAt: session.expiresAt, principal: { user, organization } };
  });
}
