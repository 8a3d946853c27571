import { type Origin, recordAudit } from '../audit/audit.ts';
import type { StaffSsoConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { hashToken, newSecretToken } from '../security/tokens.ts';
import { openStaffSession } from '../staff/service.ts';
import { authorizationUrl, exchangeCode, newSsoChallenge } from './provider.ts';
import {
  findStaffForSso,
  insertSsoRequest,
  insertSsoStaffUser,
  takeSsoRequest,
  updateStaffFromSso,
} from './queries.ts';
import { rolesFromClaims } from './roles.ts';

/** A sign-in started must come back within this long. */
const ssoRequestTtlMs = 10 * 60_000;

/** What the console sign-in page offers. */
export function staffSignInOptions(ctx: Pick<AppContext, 'config'>) {
  return { sso: ctx.config.staffSso !== undefined, password: ctx.config.staffPasswordSignIn };
}

function ssoConfig(ctx: Pick<AppContext, 'config'>): StaffSsoConfig {
  const sso = ctx.config.staffSso;
  if (!sso) throw new AppError('SSO_NOT_CONFIGURED');
  return sso;
}

/** Where to land after signing in: a console page of this site, never another origin. */
export function safeReturnTo(value: string | undefined): string {
  return value && /^\/console(\/[^\s\\]*)?$/.test(value) && !value.startsWith('//') ? value : '/console';
}

/**
 * "Sign in with SSO": remembers the challenge (state, nonce, PKCE verifier) under the hash of a
 * fresh browser-binding secret, and returns the provider's sign-in address and that secret,
 * which the route sets as a cookie. The challenge lives in the database, so any process may
 * answer the callback.
 */
export async function startStaffSso(
  ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
  returnTo: string | undefined,
) {
  const sso = ssoConfig(ctx);
  const challenge = newSsoChallenge();
  const url = await authorizationUrl(sso, challenge);
  const binding = newSecretToken();
  const now = ctx.now();
  await insertSsoRequest(ctx.db, {
    bindingHash: hashToken(binding),
    ...challenge,
    returnTo: safeReturnTo(returnTo),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ssoRequestTtlMs),
  });
  return { url, binding, maxAgeSeconds: ssoRequestTtlMs / 1000 };
}

/**
 * The provider sent the browser back: the answer must belong to the sign-in this browser
 * started (binding cookie, then state), once, in time. Then the code is exchanged, and the
 * provider's claims decide the member's roles; no mapped role, no session.
 */
export async function completeStaffSso(
  ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
  input: { binding: string | undefined; search: string },
  origin: Origin,
) {
  const sso = ssoConfig(ctx);
  const now = ctx.now();
  const started = input.binding ? await takeSsoRequest(ctx.db, hashToken(input.binding)) : undefined;
  if (!started || started.expiresAt <= now) throw new AppError('SSO_REQUEST_UNKNOWN');
  const answer = new URLSearchParams(input.search);
  if (answer.get('state') !== started.state) throw new AppError('SSO_STATE_MISMATCH');
  const identity = await exchangeCode(sso, answer, started);
  const email = typeof identity.claims.email === 'string' ? identity.claims.email.trim() : '';
  if (!email || identity.claims.email_verified === false) {
    throw new AppError('SSO_EMAIL_UNVERIFIED');
  }
  const roles = rolesFromClaims(identity.claims, sso.rolesClaim, sso.roleMap);
  const link = { oidcIssuer: identity.issuer, oidcSubject: identity.subject };
  const name =
    (typeof identity.claims.name === 'string' && identity.claims.name.trim()) || email.split('@')[0] || email;

  return ctx.db
    .transaction(async (tx) => {
      const existing = await findStaffForSso(tx, identity.issuer, identity.subject, email);
      if (existing?.oidcSubject && existing.oidcSubject !== identity.subject) {
        // The email belongs to a member linked to another provider account: never take it over.
        throw new AppError('SSO_ACCOUNT_CONFLICT', { params: { email } });
      }
      if (roles.length === 0) {
        await recordAudit(tx, origin, {
          action: 'staff.sso_refused',
          data: {
            email,
            subject: identity.subject,
            reason: 'no_role',
            ...(existing ? { staffUserId: existing.id } : {}),
          },
        });
        return { refused: new AppError('SSO_NO_ROLE', { params: { email } }) } as const;
      }
      const user = existing
        ? await updateStaffFromSso(tx, existing.id, { name, roles, ...link }, now)
        : await insertSsoStaffUser(tx, { email, name, roles, ...link });
      if (!user) throw new AppError('SSO_CODE_REJECTED');
      const actor: Origin = { ...origin, actor: { type: 'staff', id: user.id, email: user.email } };
      if (!existing) {
        await recordAudit(tx, actor, {
          action: 'staff.created',
          data: { staffUserId: user.id, email: user.email, roles, via: 'sso' },
        });
      } else if (existing.roles.join() !== roles.join()) {
        await recordAudit(tx, actor, {
          action: 'staff.roles_changed',
          data: { staffUserId: user.id, from: existing.roles, to: roles, via: 'sso' },
        });
      }
      const session = await openStaffSession(tx, user, origin, now, {
        method: 'sso',
        issuer: identity.issuer,
      });
      return { session, returnTo: started.returnTo } as const;
    })
    .then((result) => {
      // The refusal is audited (committed) before it is answered.
      if ('refused' in result) throw result.refused;
      return result;
    });
}
