import { customerOrigin, requireCustomer, signedInCustomer } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { errorResponse } from '../http/schemas.ts';
import { registerProgressStreams } from '../http/sse.ts';
import { setupProgressSchema } from './schemas.ts';
import { retrySetup, setupProgress } from './service.ts';

const guarded = { 401: errorResponse, 403: errorResponse } as const;

export const setupRoutes = defineRoutes((api, ctx) => {
  const streamProgress = registerProgressStreams(api);

  api.get(
    '/organization/setup',
    {
      onRequest: requireCustomer('setup:read'),
      schema: {
        tags: ['organization'],
        summary: 'Features-and-billing progress, shaped like activation progress',
        response: { 200: setupProgressSchema, ...guarded },
      },
    },
    async (request) => setupProgress(ctx, signedInCustomer(request)),
  );

  api.get(
    '/organization/setup/stream',
    {
      onRequest: requireCustomer('setup:read'),
      schema: {
        tags: ['organization'],
        summary: 'The same progress as Server-Sent Events',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const principal = signedInCustomer(request);
      return streamProgress(request, reply, {
        load: () => setupProgress(ctx, principal),
        isFinal: (progress) => progress.state === 'done' || progress.state === 'failed',
      });
    },
  );

  api.post(
    '/organization/setup/retry',
    {
      onRequest: requireCustomer('setup:read'),
      schema: {
        tags: ['organization'],
        summary: 'Run a failed setup again from the step that failed',
        response: { 202: setupProgressSchema, 409: errorResponse, ...guarded },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await retrySetup(ctx, signedInCustomer(request), customerOrigin(request))),
  );
});
