import {
  anonymousOrigin,
  customerCookies,
  customerOrigin,
  requireCustomer,
  setSessionCookies,
  signedInCustomer,
} from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse, noContent, uuidParam } from '../http/schemas.ts';
import {
  acceptanceInput,
  acceptedInvitation,
  invitationInput,
  invitationList,
  invitationSchema,
  invitationSummary,
  invitationTokenParam,
} from './schemas.ts';
import {
  acceptInvitation,
  describeInvitation,
  inviteMember,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from './service.ts';

const guarded = { 401: errorResponse, 403: errorResponse } as const;
const linkErrors = { 404: errorResponse, 409: errorResponse, 410: errorResponse } as const;

export const invitationRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/organization/invitations',
    {
      onRequest: requireCustomer('people:read'),
      schema: {
        tags: ['invitations'],
        summary: 'Invitations of your organization',
        response: { 200: invitationList, ...guarded },
      },
    },
    async (request) => ({ items: await listInvitations(ctx, signedInCustomer(request).organization.id) }),
  );

  api.post(
    '/organization/invitations',
    {
      onRequest: requireCustomer('people:invite'),
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['invitations'],
        summary: 'Invite someone to your organization (admins)',
        body: invitationInput,
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
      onRequest: requireCustomer('people:invite'),
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
      onRequest: requireCustomer('people:invite'),
      schema: {
        tags: ['invitations'],
        summary: 'Revoke a pending invitation',
        params: uuidParam,
        response: { 204: noContent, 404: errorResponse, 409: errorResponse, ...guarded },
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
        params: invitationTokenParam,
        response: { 200: invitationSummary, ...linkErrors },
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
        params: invitationTokenParam,
        body: acceptanceInput,
        response: { 201: acceptedInvitation, ...linkErrors, ...commonErrors },
      },
    },
    async (request, reply) => {
      const accepted = await acceptInvitation(
        ctx,
        request.params.token,
        request.body,
        anonymousOrigin(request),
      );
      setSessionCookies(reply, ctx.config, customerCookies, accepted.token, accepted.expiresAt);
      return reply.status(201).send(accepted.me);
    },
  );
});
