import { anonymousOrigin } from '../http/auth.ts';
import { defineRoutes, withRawJsonBody } from '../http/routes.ts';
import { commonErrors, errorResponse } from '../http/schemas.ts';
import { callbackAccepted, callbackInput, callbackParams } from './schemas.ts';
import { receiveConnectorCallback } from './service.ts';

export const connectorRoutes = defineRoutes(async (api, ctx) => {
  await withRawJsonBody(api, (scoped) => {
    scoped.post(
      '/connector-callbacks/:stepToken',
      {
        schema: {
          tags: ['connectors'],
          summary: 'A connector finishes a step it accepted with 202',
          description:
            'POST to the `callbackUrl` of the step payload, signed like the call (Standard Webhooks headers, the connector’s secret): `{status: "succeeded"|"failed", message?}`.',
          params: callbackParams,
          body: callbackInput,
          response: {
            202: callbackAccepted,
            401: errorResponse,
            404: errorResponse,
            409: errorResponse,
            ...commonErrors,
          },
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await receiveConnectorCallback(
              ctx,
              request.params.stepToken,
              { headers: request.headers, rawBody: request.rawBody ?? '' },
              request.body,
              anonymousOrigin(request),
            ),
          ),
    );
  });
});
