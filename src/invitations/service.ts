import { findCustomerUser, insertCustomerUser, signInStates } from '../accounts/queries.ts';
import { openCustomerSession } from '../accounts/service.ts';
import { meView } from '../accounts/views.ts';
import { type Origin, recordAudits } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events/record.ts';
import { isLocale, personName } from '../i18n/index.ts';
import { assertPassword } from '../security/password-policy.ts';
import { hashPassword } from '../security/passwords.ts';
import type { CustomerPrincipal } from '../security/principals.ts';
import { hashToken, looksLikeToken } from '../security/tokens.ts';
import { invitationEvent, sendInvitation } from './issue.ts';
import {
  findInvitationByTokenHash,
  findOwnInvitation,
  insertInvitationIfNone,
  invitationsOf,
  isMember,
  isReplacedLink,
  updateInvitation,
} from './queries.ts';

type InvitationListRow = Awaited<ReturnType<typeof invitationsOf>>[number];

/** An invitation as people see it: a pending one past its date reads as expired. */
export function invitationView(invitation: InvitationListRow, now: Date) {
  const expired =
    invitation.status === 'pending' && invitation.expiresAt !== null && invitation.expiresAt <= now;
  return { ...invitation, status: expired ? ('expired' as const) : invitation.status };
}

/** The organization's invitations, newest first. */
export async function listInvitations(ctx: Pick<AppContext, 'db' | 'now'>, organizationId: string) {
  const now = ctx.now();
  return (await invitationsOf(ctx.db, organizationId)).map((i) => invitationView(i, now));
}

async function ownInvitation(tx: Db, principal: CustomerPrincipal, id: string) {
  const row = await findOwnInvitation(tx, principal.organization.id, id, true);
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
    if (await isMember(tx, organization.id, input.email)) {
      throw new AppError('ALREADY_MEMBER', { params: { email: input.email } });
    }
    const invitation = await insertInvitationIfNone(tx, {
      organizationId: organization.id,
      email: input.email,
      role: input.role,
      invitedBy: principal.user.id,
      createdAt: ctx.now(),
    });
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
    const invitation = await ownInvitation(tx, principal, id);
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
    const invitation = await ownInvitation(tx, principal, id);
    if (invitation.status === 'revoked') return;
    if (invitation.status === 'accepted') throw new AppError('INVITATION_USED');
    await updateInvitation(tx, id, { status: 'revoked', revokedAt: ctx.now() });
    await recordEvent(tx, ctx, {
      type: 'invitation.revoked',
      subscriptionId: principal.organization.subscriptionId,
      organizationId: principal.organization.id,
      data: invitationEvent(invitation, principal.organization),
    });
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
  const tokenHash = hashToken(token);
  const row = await findInvitationByTokenHash(db, tokenHash, forUpdate);
  if (!row && (await isReplacedLink(db, tokenHash))) throw new AppError('INVITATION_REPLACED');
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
  const inviter = invitation.invitedBy ? await findCustomerUser(ctx.db, invitation.invitedBy) : undefined;
  return {
    email: invitation.email,
    role: invitation.role,
    expiresAt,
    organization: { name: organization.name, shortName: organization.shortName, region: organization.region },
    invitedBy: inviter
      ? {
          name: personName(isLocale(organization.locale) ? organization.locale : 'en', inviter),
          email: inviter.email,
        }
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
  assertPassword(input.password, ctx.config.passwordMinLength, 'body.password');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const { invitation, organization } = await resolveInvitationLink(tx, token, now, true);
    const user = await insertCustomerUser(tx, {
      organizationId: organization.id,
      email: invitation.email,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash,
      role: invitation.role,
      locale: organization.locale,
      lastLoginAt: now,
      createdAt: now,
    });
    if (!user) throw new AppError('ALREADY_MEMBER', { params: { email: invitation.email } });
    await updateInvitation(tx, invitation.id, { status: 'accepted', acceptedAt: now });
    await recordEvent(tx, ctx, {
      type: 'invitation.accepted',
      subscriptionId: organization.subscriptionId,
      organizationId: organization.id,
      data: { ...invitationEvent(invitation, organization), userId: user.id },
    });
    const { session, actor } = await openCustomerSession(tx, user, origin, now);
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
    return { token: session.token, expiresAt: session.expiresAt, me: meView(ctx, { user, organization }) };
  });
}
