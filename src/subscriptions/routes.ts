import { requireStaff, staffOrigin } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse, uuidParam } from '../http/schemas.ts';
import {
  activationEmailQueued,
  cancellationInput,
  cancelled,
  createdSubscription,
  subscriptionDetail,
  subscriptionInput,
  subscriptionListQuery,
  subscriptionPage,
} from './schemas.ts';
import {
  cancelSubscription,
  createSubscription,
  getSubscription,
  listSubscriptions,
  resendActivationEmail,
} from './service.ts';

const staffErrors = { ...commonErrors, 401: errorResponse, 403: errorResponse } as const;

export const subscriptionRoutes = defineRoutes((api, ctx) => {
  const security: Record<string, string[]>[] = [{ staffToken: [] }, { staffSession: [] }];

  api.post(
    '/subscriptions',
    {
      onRequest: requireStaff('subscription:create'),
      schema: {
        tags: ['subscriptions'],
        summary: 'Create a subscription and queue its activation email',
        security,
        body: subscriptionInput,
        response: { 201: createdSubscription, ...staffErrors },
      },
    },
    async (request, reply) => {
      const { subscription, activation } = await createSubscription(ctx, request.body, staffOrigin(request));
      return reply
        .status(201)
        .header('location', `/api/v1/subscriptions/${subscription.id}`)
        .send({ ...subscription, activationLink: { expiresAt: activation.expiresAt } });
    },
  );

  api.get(
    '/subscriptions',
    {
      onRequest: requireStaff('subscription:read'),
      schema: {
        tags: ['subscriptions'],
        summary: 'List subscriptions, newest first',
        security,
        querystring: subscriptionListQuery,
        response: { 200: subscriptionPage, ...staffErrors },
      },
    },
    async (request) => listSubscriptions(ctx, request.query),
  );

  api.get(
    '/subscriptions/:id',
    {
      onRequest: requireStaff('subscription:read'),
      schema: {
        tags: ['subscriptions'],
        summary: 'One subscription with its organization, emails and checks',
        security,
        params: uuidParam,
        response: { 200: subscriptionDetail, 404: errorResponse, ...staffErrors },
      },
    },
    async (request) => getSubscription(ctx, request.params.id),
  );

  api.post(
    '/subscriptions/:id/activation-email',
    {
      onRequest: requireStaff('subscription:resend'),
      schema: {
        tags: ['subscriptions'],
        summary: 'Issue a new activation link (the old one stops working) and queue the email',
        security,
        params: uuidParam,
        response: {
          202: activationEmailQueued,
          404: errorResponse,
          409: errorResponse,
          ...staffErrors,
        },
      },
    },
    async (request, reply) => {
      const { activation: _secret, ...result } = await resendActivationEmail(
        ctx,
        request.params.id,
        staffOrigin(request),
      );
      return reply.status(202).send(result);
    },
  );

  api.post(
    '/subscriptions/:id/cancellation',
    {
      onRequest: requireStaff('subscription:cancel'),
      schema: {
        tags: ['subscriptions'],
        summary: 'Cancel a subscription that is not activated yet (its link then answers "cancelled")',
        security,
        params: uuidParam,
        body: cancellationInput,
        response: {
          200: cancelled,
          404: errorResponse,
          409: errorResponse,
          ...staffErrors,
        },
      },
    },
    async (request) => cancelSubscription(ctx, request.params.id, request.body.reason, staffOrigin(request)),
  );
});
