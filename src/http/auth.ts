import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Origin } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import {
  type CustomerPermission,
  customerAccess,
  type StaffPermission,
  staffAccess,
} from '../security/access.ts';
import type { CustomerPrincipal, StaffPrincipal } from '../security/principals.ts';
import { safeEqual } from '../security/tokens.ts';

/**
 * How a request's credentials become a principal. The composition supplies these (from the staff
 * and accounts capabilities), so the guards here depend on no capability.
 */
export type Authenticators = {
  staffSession(token: string): Promise<StaffPrincipal | undefined>;
  staffToken(token: string): Promise<StaffPrincipal | undefined>;
  customerSession(token: string): Promise<CustomerPrincipal | undefined>;
};

declare module 'fastify' {
  interface FastifyInstance {
    authenticators: Authenticators;
  }
  interface FastifyRequest {
    staff?: StaffPrincipal;
    customer?: CustomerPrincipal;
  }
}

/** Cookie names; staff and customers are separate realms with separate cookies. */
export const cookieNames = {
  staffSession: 'onramp_staff',
  staffCsrf: 'onramp_staff_csrf',
  customerSession: 'onramp_session',
  customerCsrf: 'onramp_csrf',
  /** Binds a single sign-on in progress to the browser that started it (ten minutes, one use). */
  staffSso: 'onramp_staff_sso',
} as const;

export const staffCookies = { session: cookieNames.staffSession, csrf: cookieNames.staffCsrf };
export const customerCookies = { session: cookieNames.customerSession, csrf: cookieNames.customerCsrf };

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The CSRF token for a session: derived from the session secret, so a page can only know it by
 * reading the (non-HttpOnly) CSRF cookie of this site, and no server-side state is needed.
 */
function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', 'onramp-csrf-v1').update(sessionToken).digest('base64url');
}

export function setSessionCookies(
  reply: FastifyReply,
  config: Pick<Config, 'secureCookies'>,
  names: { session: string; csrf: string },
  token: string,
  expiresAt: Date,
): void {
  const common = { path: '/', sameSite: 'lax', secure: config.secureCookies, expires: expiresAt } as const;
  reply.setCookie(names.session, token, { ...common, httpOnly: true });
  reply.setCookie(names.csrf, csrfTokenFor(token), { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, names: { session: string; csrf: string }): void {
  reply.clearCookie(names.session, { path: '/' });
  reply.clearCookie(names.csrf, { path: '/' });
}

/** Cookie-authenticated changes must carry the session's CSRF token in `x-csrf-token`. */
function checkCsrf(request: FastifyRequest, sessionToken: string): void {
  if (!unsafeMethods.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !safeEqual(header, csrfTokenFor(sessionToken))) {
    throw new AppError('CSRF_FAILED');
  }
}

/**
 * Refuses state-changing requests that a browser sent from another site. Requests without an
 * Origin header (scripts, the CLI) pass; cookie-authenticated ones still need the CSRF token.
 */
export function originCheck(publicUrl: string): onRequestAsyncHookHandler {
  const allowed = new URL(publicUrl).origin;
  return async (request) => {
    if (!unsafeMethods.has(request.method)) return;
    const origin = request.headers.origin;
    if (!origin || origin === allowed || origin === `${request.protocol}://${request.host}`) return;
    throw new AppError('CSRF_FAILED');
  };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Route guard: a signed-in staff member (session cookie or API token) holding `permission`. */
export function requireStaff(permission?: StaffPermission): onRequestAsyncHookHandler {
  return async (request) => {
    const staff = await authenticateStaff(request);
    if (!staff) throw new AppError('UNAUTHENTICATED');
    if (permission && !staffAccess.can(staff.roles, permission)) {
      throw new AppError('FORBIDDEN', { details: { permission } });
    }
    request.staff = staff;
  };
}

async function authenticateStaff(request: FastifyRequest): Promise<StaffPrincipal | undefined> {
  const { authenticators } = request.server;
  const bearer = bearerToken(request);
  if (bearer) return authenticators.staffToken(bearer);
  const cookie = request.cookies[cookieNames.staffSession];
  if (!cookie) return undefined;
  const staff = await authenticators.staffSession(cookie);
  if (staff) checkCsrf(request, cookie);
  return staff;
}

/**
 * Route guard: a signed-in customer holding `permission`. Every organization-owned query then
 * takes the organization from `request.customer`, never from the request.
 */
export function requireCustomer(permission?: CustomerPermission): onRequestAsyncHookHandler {
  return async (request) => {
    const token = request.cookies[cookieNames.customerSession];
    const customer = token ? await request.server.authenticators.customerSession(token) : undefined;
    if (!token || !customer) throw new AppError('UNAUTHENTICATED');
    checkCsrf(request, token);
    if (permission && !customerAccess.can([customer.user.role], permission)) {
      throw new AppError('FORBIDDEN', { details: { permission } });
    }
    request.customer = customer;
  };
}

export function signedInCustomer(request: FastifyRequest): CustomerPrincipal {
  if (!request.customer) throw new AppError('UNAUTHENTICATED');
  return request.customer;
}

export function signedInStaff(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new AppError('UNAUTHENTICATED');
  return request.staff;
}

export function customerOrigin(request: FastifyRequest): Origin {
  const { user } = signedInCustomer(request);
  return {
    actor: { type: 'customer', id: user.id, organizationId: user.organizationId, email: user.email },
    requestId: request.id,
  };
}

/** The staff member behind a guarded request, as the actor of what it changes. */
export function staffOrigin(request: FastifyRequest): Origin {
  const staff = signedInStaff(request);
  return { actor: { type: 'staff', id: staff.id, email: staff.email }, requestId: request.id };
}

export function anonymousOrigin(request: FastifyRequest): Origin {
  return { actor: { type: 'anonymous', ip: request.ip }, requestId: request.id };
}
