import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { findOrganization } from '../organization/queries.ts';
import { workRunNow } from '../runs/start.ts';
import { signInThrottle } from '../security/lockout.ts';
import { rehashIfNeeded, verifyAgainstDummy, verifyPassword } from '../security/passwords.ts';
import type { CustomerPrincipal } from '../security/principals.ts';
import { idleCutoff, needsTouch, newSession } from '../security/sessions.ts';
import { hashToken } from '../security/tokens.ts';
import { startSetupOnFirstAdminLogin } from '../setup/start.ts';
import { normalizeTypedShortName } from '../short-name/derive.ts';
import {
  accountsOfEmail,
  deleteCustomerSession,
  findCustomerBySession,
  insertCustomerSession,
  recordCustomerLogin,
  touchCustomerSession,
} from './queries.ts';
import { meView } from './views.ts';

/**
 * SPEC "Accounts and sessions": sign in with email and password, and the short name when the
 * email belongs to several organizations. An unknown email, a wrong password and an unknown
 * short name get the same answer, after the same work: one password check (a dummy hash when
 * there is no account), and failures counted per client address and email either way.
 */
export async function signInCustomer(
  ctx: AppContext,
  input: { email: string; password: string; shortName?: string | undefined; region?: string | undefined },
  origin: Origin,
) {
  const now = ctx.now();
  const throttle = signInThrottle(ctx.db, 'customer', origin, input.email);
  await throttle.assertOpen(now, input.password);
  const shortName = input.shortName?.trim() ? normalizeTypedShortName(input.shortName) : undefined;
  const candidates = (await accountsOfEmail(ctx.db, input.email)).filter(
    (a) => (!shortName || a.shortName === shortName) && (!input.region || a.region === input.region),
  );
  // One password check per attempt, however many accounts the email has: the most recently
  // used one (an email in several organizations picks one with its short name).
  const account = mostRecentlyUsed(candidates);
  const verified = account
    ? await verifyPassword(account.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!account || !verified) {
    const { error, locked } = await throttle.failed(now);
    if (account && locked) {
      await ctx.db.transaction((tx) =>
        recordAudit(tx, origin, {
          action: 'customer.locked',
          organizationId: account.organizationId,
          data: { userId: account.id, until: locked },
        }),
      );
    }
    throw error;
  }
  await throttle.succeeded();
  if (candidates.length > 1) {
    throw new AppError('ORGANIZATION_CHOICE_REQUIRED', {
      details: {
        organizations: candidates.map((m) => ({
          shortName: m.shortName,
          region: m.region,
          name: m.organizationName,
        })),
      },
    });
  }
  // Hashed before the transaction opens (PGlite has one connection).
  const rehash = await rehashIfNeeded(account.passwordHash, input.password);
  const signedIn = await ctx.db.transaction(async (tx) => {
    const user = await recordCustomerLogin(tx, account.id, now, rehash);
    if (!user) throw new AppError('INVALID_CREDENTIALS');
    const { session, actor } = await openCustomerSession(tx, user, origin, now);
    await recordAudit(tx, actor, {
      action: 'customer.signed_in',
      organizationId: user.organizationId,
      data: { firstLogin: account.lastLoginAt === null },
    });
    const setup = await startSetupOnFirstAdminLogin(tx, ctx, user, actor);
    const organization = setup?.organization ?? (await findOrganization(tx, user.organizationId));
    if (!organization) throw new AppError('INVALID_CREDENTIALS');
    const me = meView(ctx, { user, organization } satisfies CustomerPrincipal);
    // An admin whose setup is not done goes to its progress page; everyone else home.
    const next = me.user.role === 'admin' && me.organization.setup !== 'done' ? 'setup' : 'home';
    return {
      setup: setup?.run,
      token: session.token,
      expiresAt: session.expiresAt,
      view: { ...me, expiresAt: session.expiresAt, next: next as 'setup' | 'home' },
    };
  });
  const { setup, ...answer } = signedIn;
  // Setup starts here and now; its queued advance is the safety net.
  if (setup) workRunNow(ctx, setup);
  return answer;
}

function mostRecentlyUsed<T extends { lastLoginAt: Date | null; createdAt: Date }>(
  accounts: T[],
): T | undefined {
  const at = (a: T) => (a.lastLoginAt ?? a.createdAt).getTime();
  return accounts.reduce<T | undefined>((best, a) => (!best || at(a) > at(best) ? a : best), undefined);
}

/**
 * Opens a session for a customer in the caller's transaction (sign-in, accepting an invitation):
 * the session row, its one-time token, and the customer as the actor of what follows.
 */
export async function openCustomerSession(
  tx: Db,
  user: { id: string; organizationId: string; email: string },
  origin: Origin,
  now: Date,
) {
  const session = newSession(now);
  await insertCustomerSession(
    tx,
    {
      userId: user.id,
      organizationId: user.organizationId,
      tokenHash: session.tokenHash,
      expiresAt: session.expiresAt,
    },
    now,
  );
  const actor: Origin = {
    ...origin,
    actor: { type: 'customer', id: user.id, organizationId: user.organizationId, email: user.email },
  };
  return { session, actor };
}

export async function authenticateCustomerSession(
  ctx: Pick<AppContext, 'db' | 'now'>,
  token: string,
): Promise<CustomerPrincipal | undefined> {
  const now = ctx.now();
  const row = await findCustomerBySession(ctx.db, hashToken(token), now, idleCutoff(now));
  if (!row) return undefined;
  if (needsTouch(row.lastSeenAt, now)) await touchCustomerSession(ctx.db, row.sessionId, now);
  return { user: row.user, organization: row.organization, sessionId: row.sessionId };
}

export async function signOutCustomer(
  ctx: Pick<AppContext, 'db'>,
  token: string,
  origin: Origin,
  organizationId: string,
) {
  await ctx.db.transaction(async (tx) => {
    await deleteCustomerSession(tx, hashToken(token));
    await recordAudit(tx, origin, { action: 'customer.signed_out', organizationId });
  });
}
