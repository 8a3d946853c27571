import { anonymousOrigin } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse } from '../http/schemas.ts';
import { registerProgressStreams } from '../http/sse.ts';
import { activationProgress } from './progress.ts';
import {
  activationInput,
  activationResult,
  activationTokenParam,
  activationProgress as progressSchema,
} from './schemas.ts';
import { activateOrganization } from './service.ts';

const linkErrors = { 404: errorResponse, 409: errorResponse, 410: errorResponse, ...commonErrors } as const;

export const activationRoutes = defineRoutes((api, ctx) => {
  const streamProgress = registerProgressStreams(api);

  api.post(
    '/activations/:token',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['activation'],
        summary: 'Activate: create the organization, its admin and invitations; provisioning starts',
        description:
          'Answers 202 once the organization exists; provisioning continues in the background (see /progress). The same request again answers the same result. Errors: VALIDATION_FAILED, SHORT_NAME_TAKEN (409, with a suggestion), ACTIVATION_LINK_USED (409, a different request on a used link) and the other link codes.',
        params: activationTokenParam,
        body: activationInput,
        response: { 202: activationResult, ...linkErrors },
      },
    },
    async (request, reply) => {
      const result = await activateOrganization(
        ctx,
        request.params.token,
        request.body,
        anonymousOrigin(request),
      );
      return reply.status(202).send(result);
    },
  );

  api.get(
    '/activations/:token/progress',
    {
      config: { rateLimit: { max: 300, timeWindow: 60_000 } },
      schema: {
        tags: ['activation'],
        summary: 'Provisioning progress; `state` ends at `ready` or `failed`',
        params: activationTokenParam,
        response: { 200: progressSchema, ...linkErrors },
      },
    },
    async (request) => activationProgress(ctx, request.params.token),
  );

  api.get(
    '/activations/:token/progress/stream',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['activation'],
        summary:
          'The same progress as Server-Sent Events (`event: progress`), ending after `ready` or `failed`',
        params: activationTokenParam,
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) =>
      streamProgress(request, reply, {
        load: () => activationProgress(ctx, request.params.token),
        isFinal: (progress) => progress.state === 'ready' || progress.state === 'failed',
      }),
  );
});
