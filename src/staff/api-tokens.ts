import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { AppError, validationError } from '../errors.ts';
import { type StaffRole, staffAccess } from '../security/access.ts';
import type { StaffPrincipal } from '../security/principals.ts';
import { hashToken, newSecretToken } from '../security/tokens.ts';
import { insertStaffApiToken, listStaffApiTokens, revokeStaffApiToken } from './queries.ts';
import { apiTokenPolicy } from './token-policy.ts';

type TokenInput = { name: string; roles?: StaffRole[] | undefined; expiresInDays?: number | undefined };

/**
 * Mints a token for `owner`: shown once, stored as a hash, scoped to the roles asked for (the
 * owner's roles or fewer; at each use also cut to the roles the owner still has).
 */
export async function mintStaffApiToken(
  ctx: Pick<AppContext, 'db' | 'now'>,
  owner: { id: string; roles: string[] },
  input: TokenInput,
  origin: Origin,
) {
  const roles = input.roles ?? owner.roles.filter((role): role is StaffRole => staffAccess.isRole(role));
  const beyond = roles.filter((role) => !owner.roles.includes(role));
  if (beyond.length || roles.length === 0) {
    throw validationError({
      path: 'body.roles',
      message: beyond.length
        ? `must be roles the account holds (${owner.roles.join(', ')}); not ${beyond.join(', ')}`
        : 'must name at least one role',
      rule: 'scope',
    });
  }
  const days = input.expiresInDays ?? apiTokenPolicy.defaultDays;
  const expiresAt = new Date(ctx.now().getTime() + days * 86_400_000);
  const token = `onr_${newSecretToken()}`;
  return ctx.db.transaction(async (tx) => {
    const row = await insertStaffApiToken(tx, {
      staffUserId: owner.id,
      name: input.name,
      tokenHash: hashToken(token),
      scopes: [...new Set(roles)],
      expiresAt,
    });
    if (!row) throw new Error('insert returned no row');
    await recordAudit(tx, origin, {
      action: 'staff.api_token_created',
      data: { tokenId: row.id, name: input.name, ownerId: owner.id, roles, expiresAt },
    });
    return { id: row.id, name: input.name, roles: [...new Set(roles)], expiresAt, token };
  });
}

/**
 * A member's own token, from the console or API: an admin's session, or anyone's session less
 * than ten minutes old (a stolen idle session cannot mint a lasting credential). Never a token.
 */
export async function createOwnApiToken(
  ctx: Pick<AppContext, 'db' | 'now'>,
  staff: StaffPrincipal,
  input: TokenInput,
  origin: Origin,
) {
  const fresh =
    staff.signedInAt !== undefined &&
    ctx.now().getTime() - staff.signedInAt.getTime() < apiTokenPolicy.freshSignInMs;
  if (staff.via !== 'session' || !(fresh || staff.roles.includes('admin'))) {
    throw new AppError('FRESH_SIGN_IN_REQUIRED');
  }
  return mintStaffApiToken(ctx, staff, input, origin);
}

function tokenStatus(row: { revokedAt: Date | null; expiresAt: Date }, now: Date) {
  if (row.revokedAt) return 'revoked' as const;
  return row.expiresAt <= now ? ('expired' as const) : ('active' as const);
}

/** The member's own tokens, or everyone's for `staff:manage` with `all`. */
export async function listApiTokens(
  ctx: Pick<AppContext, 'db' | 'now'>,
  staff: Pick<StaffPrincipal, 'id' | 'roles'>,
  all: boolean,
) {
  if (all && !staffAccess.can(staff.roles, 'staff:manage')) {
    throw new AppError('FORBIDDEN', { details: { permission: 'staff:manage' } });
  }
  const now = ctx.now();
  const rows = await listStaffApiTokens(ctx.db, all ? undefined : staff.id);
  return {
    items: rows.map(({ ownerId, ownerEmail, scopes, ...row }) => ({
      ...row,
      roles: scopes,
      status: tokenStatus(row, now),
      owner: { id: ownerId, email: ownerEmail },
    })),
  };
}

/** Revokes a token at once: the member's own, or anyone's for `staff:manage`. */
export async function revokeApiToken(
  ctx: Pick<AppContext, 'db' | 'now'>,
  staff: Pick<StaffPrincipal, 'id' | 'roles'>,
  id: string,
  origin: Origin,
) {
  const anyone = staffAccess.can(staff.roles, 'staff:manage');
  await ctx.db.transaction(async (tx) => {
    const row = await revokeStaffApiToken(tx, id, anyone ? undefined : staff.id, ctx.now());
    if (!row) throw new AppError('API_TOKEN_NOT_FOUND');
    await recordAudit(tx, origin, {
      action: 'staff.api_token_revoked',
      data: { tokenId: row.id, name: row.name, ownerId: row.staffUserId },
    });
  });
}
