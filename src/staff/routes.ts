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
import { commonErrors, errorResponse, noContent } from '../http/schemas.ts';
import { apiTokenInput, createdApiToken, staffMember, staffSignedIn, staffSignInInput } from './schemas.ts';
import { createStaffApiToken, signInStaff, signOutStaff } from './service.ts';

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
        body: apiTokenInput,
        response: {
          201: createdApiToken,
          401: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const created = await createStaffApiToken(
        ctx,
        signedInStaff(request).id,
        request.body.name,
        staffOrigin(request),
      );
      return reply.status(201).send(created);
    },
  );
});
