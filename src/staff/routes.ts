import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import {
  anonymousOrigin,
  clearSessionCookies,
  cookieNames,
  requireStaff,
  setSessionCookies,
  staffCookies,
  staffOrigin,
} from '../http/auth.ts';
import { commonErrors, emailAddress, errorResponse, plainText } from '../http/schemas.ts';
import { createStaffApiToken, signInStaff, signOutStaff } from './service.ts';

const staffMember = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.string()) })
  .meta({ id: 'StaffMember' });

export async function staffRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

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
      setSessionCookies(reply, ctx, staffCookies, session.token, session.expiresAt);
      return reply.status(201).send({ staff: session.staff, expiresAt: session.expiresAt });
    },
  );

  api.delete(
    '/staff/sessions/current',
    {
      onRequest: requireStaff(ctx),
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
      onRequest: requireStaff(ctx),
      schema: {
        tags: ['staff'],
        summary: 'The signed-in staff member',
        response: { 200: staffMember, 401: errorResponse },
      },
    },
    async (request) => {
      const { via: _via, ...staff } = request.staff ?? {
        via: 'session',
        id: '',
        email: '',
        name: '',
        roles: [],
      };
      return staff;
    },
  );

  api.post(
    '/staff/api-tokens',
    {
      onRequest: requireStaff(ctx),
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
      const origin = staffOrigin(request);
      const created = await createStaffApiToken(ctx, request.staff?.id ?? '', request.body.name, origin);
      return reply.status(201).send({ id: created.id ?? '', name: created.name, token: created.token });
    },
  );
}
