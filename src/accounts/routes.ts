import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import {
  anonymousOrigin,
  clearSessionCookies,
  cookieNames,
  customerCookies,
  customerOrigin,
  requireCustomer,
  setSessionCookies,
  signedInCustomer,
} from '../http/auth.ts';
import { commonErrors, emailAddress, errorResponse } from '../http/schemas.ts';
import { requestNameReminder } from './name-reminder.ts';
import { signInCustomer, signOutCustomer } from './service.ts';
import { meView } from './views.ts';

export const meSchema = z
  .object({
    user: z.object({
      id: z.uuid(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      role: z.enum(['admin', 'user']),
      locale: z.enum(['en', 'ko']),
      permissions: z.array(z.string()),
    }),
    organization: z.object({
      id: z.uuid(),
      name: z.string(),
      shortName: z.string(),
      region: z.string(),
      state: z.enum(['provisioning', 'active', 'inactive', 'deleted']),
      setup: z.enum(['pending', 'running', 'done', 'failed']),
      verification: z.enum(['pending', 'verified']),
      loginUrl: z.string().nullable(),
    }),
  })
  .meta({ id: 'Me' });

export async function accountRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/sessions',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: 'Customer sign-in; sets the session cookie',
        description:
          'An email in several organizations without `shortName` answers 409 ORGANIZATION_CHOICE_REQUIRED with `details.organizations` (only after a correct password). Unknown email, wrong password and unknown short name all answer 401 INVALID_CREDENTIALS. Six failures in a row lock the account for five minutes (423 ACCOUNT_LOCKED with `details.lockedUntil`).',
        body: z.object({
          email: emailAddress,
          password: z.string().min(1).max(1000),
          shortName: z.string().max(200).optional(),
          region: z.string().max(32).optional(),
        }),
        response: {
          201: meSchema.extend({ expiresAt: z.date(), next: z.enum(['setup', 'home']) }),
          401: errorResponse,
          409: errorResponse,
          423: errorResponse,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const session = await signInCustomer(ctx, request.body, anonymousOrigin(request));
      setSessionCookies(reply, ctx, customerCookies, session.token, session.expiresAt);
      const me = meView(ctx, session.principal);
      const next = me.user.role === 'admin' && me.organization.setup !== 'done' ? 'setup' : 'home';
      return reply.status(201).send({ ...me, expiresAt: session.expiresAt, next });
    },
  );

  api.delete(
    '/sessions/current',
    {
      onRequest: requireCustomer(ctx),
      schema: {
        tags: ['accounts'],
        summary: 'Customer sign-out',
        response: { 204: z.null(), 401: errorResponse },
      },
    },
    async (request, reply) => {
      const token = request.cookies[cookieNames.customerSession];
      if (token)
        await signOutCustomer(ctx, token, customerOrigin(request), signedInCustomer(request).organization.id);
      clearSessionCookies(reply, customerCookies);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/me',
    {
      onRequest: requireCustomer(ctx),
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in user and organization',
        response: { 200: meSchema, 401: errorResponse },
      },
    },
    async (request) => meView(ctx, signedInCustomer(request)),
  );

  api.post(
    '/organization-name-reminders',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags: ['accounts'],
        summary: '"Forgot organization name?": emails the short names of an address (always 202)',
        body: z.object({ email: emailAddress }),
        response: { 202: z.object({ status: z.literal('accepted'), message: z.string() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      await requestNameReminder(ctx, request.body.email, request.id);
      return reply.status(202).send({
        status: 'accepted' as const,
        message:
          'If this address belongs to an Onramp organization, an email with its short names is on its way.',
      });
    },
  );
}
