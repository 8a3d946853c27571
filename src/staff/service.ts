import { type Origin, recordAudit, systemOrigin } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { type StaffRole, staffAccess } from '../security/access.ts';
import { signInThrottle } from '../security/lockout.ts';
import { hashPassword, rehashIfNeeded, verifyAgainstDummy, verifyPassword } from '../security/passwords.ts';
import type { StaffPrincipal } from '../security/principals.ts';
import { idleCutoff, needsTouch, newSession } from '../security/sessions.ts';
import { hashToken } from '../security/tokens.ts';
import {
  deleteStaffSession,
  endStaffAccess,
  findStaffByApiToken,
  findStaffByEmail,
  findStaffBySession,
  insertStaffSession,
  insertStaffUser,
  rehashStaffPassword,
  touchStaffApiToken,
  touchStaffSession,
  updateStaffCredentials,
} from './queries.ts';

export async function createStaffUser(
  ctx: Pick<AppContext, 'db'>,
  input: { email: string; name: string; password: string; roles: StaffRole[] },
  origin: Origin,
) {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const user = await insertStaffUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash,
      roles: input.roles,
    });
    if (!user) throw new AppError('STAFF_EMAIL_TAKEN');
    await recordAudit(tx, origin, {
      action: 'staff.created',
      data: { staffUserId: user.id, email: user.email, roles: user.roles },
    });
    return { id: user.id, email: user.email, name: user.name, roles: user.roles };
  });
}

/**
 * Makes sure a full-role staff account exists with these credentials (ONRAMP_STAFF_EMAIL and
 * ONRAMP_STAFF_PASSWORD): created if missing, its password and roles brought in line if not.
 */
export async function ensureStaffAccount(ctx: Pick<AppContext, 'db'>, email: string, password: string) {
  const existing = await findStaffByEmail(ctx.db, email);
  if (
    existing?.passwordHash &&
    (await verifyPassword(existing.passwordHash, password)) &&
    hasAllRoles(existing.roles)
  ) {
    return { created: false };
  }
  const passwordHash = await hashPassword(password);
  if (existing) {
    await ctx.db.transaction(async (tx) => {
      await updateStaffCredentials(tx, existing.id, { passwordHash, roles: [...staffAccess.roles] });
      await recordAudit(tx, systemOrigin, {
        action: 'staff.credentials_updated',
        data: { staffUserId: existing.id, email: existing.email, roles: [...staffAccess.roles] },
      });
    });
    return { created: false };
  }
  await createStaffUser(
    ctx,
    { email, name: email.split('@')[0] ?? email, password, roles: [...staffAccess.roles] },
    { actor: { type: 'system' } },
  );
  return { created: true };
}

function hasAllRoles(roles: string[]): boolean {
  return staffAccess.roles.every((role) => roles.includes(role));
}

/** Signs a staff member in; answers the same for an unknown email and a wrong password. */
export async function signInStaff(
  ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
  input: { email: string; password: string },
  origin: Origin,
) {
  if (!ctx.config.staffPasswordSignIn) throw new AppError('PASSWORD_SIGNIN_DISABLED');
  const now = ctx.now();
  const throttle = signInThrottle(ctx.db, 'staff', origin, input.email);
  await throttle.assertOpen(now, input.password);
  const user = await findStaffByEmail(ctx.db, input.email);
  // A member who signs in only through single sign-on has no password to match.
  const verified = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !verified) {
    const { error, locked } = await throttle.failed(now);
    if (user && locked) {
      await ctx.db.transaction((tx) =>
        recordAudit(tx, origin, { action: 'staff.locked', data: { staffUserId: user.id, until: locked } }),
      );
    }
    throw error;
  }
  await throttle.succeeded();
  // Hashed before the transaction opens (PGlite has one connection).
  const rehash = user.passwordHash ? await rehashIfNeeded(user.passwordHash, input.password) : undefined;
  return ctx.db.transaction(async (tx) => {
    if (rehash) await rehashStaffPassword(tx, user.id, rehash);
    return openStaffSession(tx, user, origin, now, { method: 'password' });
  });
}

/** A staff session for a member, audited as signed in, in the caller's transaction. */
export async function openStaffSession(
  tx: Db,
  user: { id: string; email: string; name: string; roles: string[] },
  origin: Origin,
  now: Date,
  data: Record<string, unknown>,
) {
  const session = newSession(now);
  await insertStaffSession(
    tx,
    { staffUserId: user.id, tokenHash: session.tokenHash, expiresAt: session.expiresAt },
    now,
  );
  await recordAudit(
    tx,
    { ...origin, actor: { type: 'staff', id: user.id, email: user.email } },
    { action: 'staff.signed_in', data },
  );
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    staff: { id: user.id, email: user.email, name: user.name, roles: user.roles },
  };
}

export async function authenticateStaffSession(
  ctx: Pick<AppContext, 'db' | 'now'>,
  token: string,
): Promise<StaffPrincipal | undefined> {
  const now = ctx.now();
  const row = await findStaffBySession(ctx.db, hashToken(token), now, idleCutoff(now));
  if (!row) return undefined;
  if (needsTouch(row.lastSeenAt, now)) await touchStaffSession(ctx.db, row.sessionId, now);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    via: 'session',
    signedInAt: row.signedInAt,
  };
}

export async function authenticateStaffApiToken(
  ctx: Pick<AppContext, 'db' | 'now'>,
  token: string,
): Promise<StaffPrincipal | undefined> {
  const now = ctx.now();
  const row = await findStaffByApiToken(ctx.db, hashToken(token), now);
  if (!row) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await touchStaffApiToken(ctx.db, row.tokenId, now);
  }
  // A token acts with its scopes, cut to the roles its owner still holds.
  const roles = row.scopes.filter((role) => row.roles.includes(role));
  return { id: row.id, email: row.email, name: row.name, roles, via: 'token' };
}

export async function signOutStaff(ctx: Pick<AppContext, 'db'>, token: string, origin: Origin) {
  await ctx.db.transaction(async (tx) => {
    await deleteStaffSession(tx, hashToken(token));
    await recordAudit(tx, origin, { action: 'staff.signed_out' });
  });
}

/**
 * `onramp staff set-password`: changes only the password (never the roles), then ends every
 * session and revokes every API token of that member, so whoever held them is out.
 */
export async function setStaffPassword(
  ctx: Pick<AppContext, 'db' | 'now'>,
  email: string,
  password: string,
  origin: Origin,
) {
  const user = await findStaffByEmail(ctx.db, email);
  if (!user) throw new AppError('STAFF_NOT_FOUND');
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    await updateStaffCredentials(tx, user.id, { passwordHash });
    const ended = await endStaffAccess(tx, user.id, ctx.now());
    await recordAudit(tx, origin, {
      action: 'staff.password_set',
      data: {
        staffUserId: user.id,
        email: user.email,
        sessionsEnded: ended.sessions,
        tokensRevoked: ended.tokens,
      },
    });
    return { email: user.email, sessionsEnded: ended.sessions, tokensRevoked: ended.tokens };
  });
}
