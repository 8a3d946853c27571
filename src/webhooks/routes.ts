import { requireStaff, staffOrigin } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse, noContent, uuidParam } from '../http/schemas.ts';
import {
  createdEndpoint,
  deliveriesQuery,
  deliveryPage,
  endpointInput,
  endpointList,
  endpointPatch,
  endpointView,
  retriedDelivery,
  rotatedSecret,
  testEventSent,
} from './schemas.ts';
import {
  changeEndpoint,
  createEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  removeEndpoint,
  retryDelivery,
  rotateSecret,
  sendTestEvent,
} from './service.ts';

const errors = { ...commonErrors, 401: errorResponse, 403: errorResponse, 404: errorResponse } as const;
const security: Record<string, string[]>[] = [{ staffToken: [] }, { staffSession: [] }];
const tags = ['webhooks'];
const guard = requireStaff('webhook:manage');

/** Staff (admin) manage where Onramp's signed events go (Standard Webhooks). */
export const webhookRoutes = defineRoutes((api, ctx) => {
  api.post(
    '/webhook-endpoints',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Register an endpoint; the answer carries its signing secret, shown only this once',
        description:
          'In production the URL must be https:// and must not point at a private or loopback address (unless WEBHOOK_ALLOW_PRIVATE=1).',
        security,
        body: endpointInput,
        response: { 201: createdEndpoint, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createEndpoint(ctx, request.body, staffOrigin(request))),
  );

  api.get(
    '/webhook-endpoints',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Every endpoint, newest first',
        security,
        response: { 200: endpointList, ...errors },
      },
    },
    async () => ({ items: await listEndpoints(ctx) }),
  );

  api.get(
    '/webhook-endpoints/:id',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'One endpoint',
        security,
        params: uuidParam,
        response: { 200: endpointView, ...errors },
      },
    },
    async (request) => getEndpoint(ctx, request.params.id),
  );

  api.patch(
    '/webhook-endpoints/:id',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Change the URL, the events, the description, or enable/disable it',
        description: 'Enabling an endpoint again sends the deliveries that waited while it was disabled.',
        security,
        params: uuidParam,
        body: endpointPatch,
        response: { 200: endpointView, ...errors },
      },
    },
    async (request) => changeEndpoint(ctx, request.params.id, request.body, staffOrigin(request)),
  );

  api.delete(
    '/webhook-endpoints/:id',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Remove an endpoint and its delivery log',
        security,
        params: uuidParam,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await removeEndpoint(ctx, request.params.id, staffOrigin(request));
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/webhook-endpoints/:id/secret',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Rotate the signing secret; the old one keeps signing beside the new one for 24 hours',
        security,
        params: uuidParam,
        response: { 200: rotatedSecret, ...errors },
      },
    },
    async (request) => rotateSecret(ctx, request.params.id, staffOrigin(request)),
  );

  api.post(
    '/webhook-endpoints/:id/test',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Send a `webhook.test` event to this endpoint',
        security,
        params: uuidParam,
        response: { 202: testEventSent, 409: errorResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await sendTestEvent(ctx, request.params.id, staffOrigin(request))),
  );

  api.get(
    '/webhook-endpoints/:id/deliveries',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'The delivery log, newest first: status, attempts, the last answer (1 KiB) and its latency',
        security,
        params: uuidParam,
        querystring: deliveriesQuery,
        response: { 200: deliveryPage, ...errors },
      },
    },
    async (request) => listDeliveries(ctx, request.params.id, request.query),
  );

  api.post(
    '/webhook-deliveries/:id/retry',
    {
      onRequest: guard,
      schema: {
        tags,
        summary: 'Send a delivery again now, with the same webhook-id',
        security,
        params: uuidParam,
        response: { 202: retriedDelivery, 409: errorResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await retryDelivery(ctx, request.params.id, staffOrigin(request))),
  );
});
