import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { meSchema } from '../accounts/routes.ts';
import { meView } from '../accounts/views.ts';
import type { AppContext } from '../context.ts';
import {
  anonymousOrigin,
  customerCookies,
  customerOrigin,
  requireCustomer,
  setSessionCookies,
  signedInCustomer,
} from '../http/auth.ts';
import { commonErrors, emailAddress, errorResponse, plainText, uuidParam } from '../http/schemas.ts';
import { invitationsOf } from '../organization/queries.ts';
import { invitationSchema } from '../organization/routes.ts';
import { invitationView } from '../organization/service.ts';
import {
  acceptInvitation,
  describeInvitation,
  inviteMember,
  resendInvitation,
  revokeInvitation,
} from './service.ts';

const tokenParam = z.object({ token: z.string().min(1).max(256) });
const guarded = { 401: errorResponse, 403: errorResponse } as const;
const linkErrors = { 404: errorResponse, 409: errorResponse, 410: errorResponse } as const;

export async function invitationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/organization/invitations',
    {
      onRequest: requireCustomer(ctx, 'people:read'),
      schema: {
        tags: ['invitations'],
        summary: 'Invitations of your organization',
        response: { 200: z.object({ items: z.array(invitationSchema) }), ...guarded },
      },
    },
    async (request) => {
      const { organization } = signedInCustomer(request);
      const now = ctx.now();
      return { items: (await invitationsOf(ctx.db, organization.id)).map((i) => invitationView(i, now)) };
    },
  );

  api.post(
    '/organization/invitations',
    {
      onRequest: requireCustomer(ctx, 'people:invite'),
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['invitations'],
        summary: 'Invite someone to your organization (admins)',
        body: z.object({ email: emailAddress, role: z.enum(['admin', 'user']).default('user') }),
        response: { 201: invitationSchema, 409: errorResponse, ...guarded, ...commonErrors },
      },
    },
    async (request, reply) => {
      const invitation = await inviteMember(
        ctx,
        signedInCustomer(request),
        request.body,
        customerOrigin(request),
      );
      return reply.status(201).send(invitation);
    },
  );

  api.post(
    '/organization/invitations/:id/resend',
    {
      onRequest: requireCustomer(ctx, 'people:invite'),
      schema: {
        tags: ['invitations'],
        summary: 'Send a new link (the old one stops working)',
        params: uuidParam,
        response: {
          202: invitationSchema,
          404: errorResponse,
          409: errorResponse,
          410: errorResponse,
          ...guarded,
        },
      },
    },
    async (request, reply) => {
      const invitation = await resendInvitation(
        ctx,
        signedInCustomer(request),
        request.params.id,
        customerOrigin(request),
      );
      return reply.status(202).send(invitation);
    },
  );

  api.delete(
    '/organization/invitations/:id',
    {
      onRequest: requireCustomer(ctx, 'people:invite'),
      schema: {
        tags: ['invitations'],
        summary: 'Revoke a pending invitation',
        params: uuidParam,
        response: { 204: z.null(), 404: errorResponse, 409: errorResponse, ...guarded },
      },
    },
    async (request, reply) => {
      await revokeInvitation(ctx, signedInCustomer(request), request.params.id, customerOrigin(request));
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/invitations/:token',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['invitations'],
        summary: 'What an invitation link is for',
        params: tokenParam,
        response: {
          200: z.object({
            email: z.string(),
            role: z.enum(['admin', 'user']),
            expiresAt: z.date(),
            organization: z.object({ name: z.string(), shortName: z.string(), region: z.string() }),
            invitedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
          }),
          ...linkErrors,
        },
      },
    },
    async (request) => describeInvitation(ctx, request.params.token),
  );

  api.post(
    '/invitations/:token',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['invitations'],
        summary: 'Accept: set name and password; signs the new member in',
        params: tokenParam,
        body: z.object({
          firstName: plainText(100),
          lastName: plainText(100),
          password: z.string().max(1000),
        }),
        response: { 201: meSchema, ...linkErrors, ...commonErrors },
      },
    },
    async (request, reply) => {
      const accepted = await acceptInvitation(
        ctx,
        request.params.token,
        request.body,
        anonymousOrigin(request),
      );
      setSessionCookies(reply, ctx, customerCookies, accepted.token, accepted.expiresAt);
      return reply.status(201).send(meView(ctx, accepted.principal));
    },
  );
}
