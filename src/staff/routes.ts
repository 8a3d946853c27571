import {
  anonymousOrigin,
  clearSessionCookies,
  cookieNames,
  requireStaff,
  setSessionCookies,
  signedInStaff,
  staffCookies,
  staffOrigin,
} from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse, noContent, uuidParam } from '../http/schemas.ts';
import { createOwnApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import {
  apiTokenInput,
  apiTokenList,
  apiTokenListQuery,
  createdApiToken,
  staffMember,
  staffSignedIn,
  staffSignInInput,
} from './schemas.ts';
import { signInStaff, signOutStaff } from './service.ts';

export const staffRoutes = defineRoutes((api, ctx) => {
  api.post(
    '/staff/sessions',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['staff'],
        summary: 'Staff sign-in; sets the staff session cookie',
        body: staffSignInInput,
        response: {
          201: staffSignedIn,
          401: errorResponse,
          423: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const session = await signInStaff(ctx, request.body, anonymousOrigin(request));
      setSessionCookies(reply, ctx.config, staffCookies, session.token, session.expiresAt);
      return reply.status(201).send({ staff: session.staff, expiresAt: session.expiresAt });
    },
  );

  api.delete(
    '/staff/sessions/current',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['staff'],
        summary: 'Staff sign-out',
        response: { 204: noContent, 401: errorResponse },
      },
    },
    async (request, reply) => {
      const token = request.cookies[cookieNames.staffSession];
      if (token) await signOutStaff(ctx, token, staffOrigin(request));
      clearSessionCookies(reply, staffCookies);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/staff/me',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['staff'],
        summary: 'The signed-in staff member',
        response: { 200: staffMember, 401: errorResponse },
      },
    },
    async (request) => signedInStaff(request),
  );

  api.post(
    '/staff/api-tokens',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['staff'],
        summary: 'Create an API token for scripts (shown once)',
        description:
          'Scoped to some or all of your roles, expiring after `expiresInDays` (default 90, at most 365). Needs a console session: an admin’s, or one signed in less than 10 minutes ago (403 FRESH_SIGN_IN_REQUIRED otherwise). An API token cannot create tokens.',
        body: apiTokenInput,
        response: { 201: createdApiToken, 401: errorResponse, 403: errorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      const created = await createOwnApiToken(
        ctx,
        signedInStaff(request),
        request.body,
        staffOrigin(request),
      );
      return reply.status(201).send(created);
    },
  );

  api.get(
    '/staff/api-tokens',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['staff'],
        summary: 'Your API tokens, newest first (everyone’s with `all=true` and staff:manage)',
        querystring: apiTokenListQuery,
        response: { 200: apiTokenList, 401: errorResponse, 403: errorResponse, ...commonErrors },
      },
    },
    async (request) => listApiTokens(ctx, signedInStaff(request), request.query.all === 'true'),
  );

  api.delete(
    '/staff/api-tokens/:id',
    {
      onRequest: requireStaff(),
      schema: {
        tags: ['staff'],
        summary: 'Revoke an API token at once (your own; anyone’s with staff:manage)',
        params: uuidParam,
        response: { 204: noContent, 401: errorResponse, 404: errorResponse, ...commonErrors },
      },
    },
    async (request, reply) => {
      await revokeApiToken(ctx, signedInStaff(request), request.params.id, staffOrigin(request));
      return reply.status(204).send(null);
    },
  );
});
