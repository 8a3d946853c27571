import { z } from 'zod';
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
import { commonErrors, emailAddress, errorResponse, plainText } from '../http/schemas.ts';
import { createStaffApiToken, signInStaff, signOutStaff } from './service.ts';

const staffMember = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.string()) })
  .meta({ id: 'StaffMember' });

export const staffRoutes = defineRoutes((api, ctx) => {
  api.post(
    '/staff/sessions',
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['staff'],
        summary: 'Staff sign-in; sets the staff session cookie',
        body: z.object({ email: emailAddress, password: z.string().min(1).max(400) }),
        response: {
          201: z.object({ staff: staffMember, expiresAt: z.date() }),
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
      schema: { tags: ['staff'], summary: 'Staff sign-out', response: { 204: z.null(), 401: errorResponse } },
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
        body: z.object({ name: plainText(100) }),
        response: {
          201: z.object({ id: z.uuid(), name: z.string(), token: z.string() }),
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
