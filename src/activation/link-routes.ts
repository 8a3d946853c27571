import { anonymousOrigin } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse } from '../http/schemas.ts';
import { describeActivationLink, requestActivationEmail } from './link-service.ts';
import { activationSummary, activationTokenParam, emailRequest, requestAccepted } from './schemas.ts';

const linkErrors = { 404: errorResponse, 409: errorResponse, 410: errorResponse, ...commonErrors } as const;

export const activationLinkRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/activations/:token',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['activation'],
        summary: 'What an activation link activates, or why it cannot be used',
        description:
          'Errors: ACTIVATION_LINK_INVALID (404), ACTIVATION_LINK_USED (409), ACTIVATION_LINK_EXPIRED, ACTIVATION_LINK_REPLACED, ACTIVATION_LINK_CANCELLED (410).',
        params: activationTokenParam,
        response: { 200: activationSummary, ...linkErrors },
      },
    },
    async (request) => describeActivationLink(ctx, request.params.token),
  );

  api.post(
    '/activation-email-requests',
    {
      config: { rateLimit: { max: 5, timeWindow: 60_000 } },
      schema: {
        tags: ['activation'],
        summary: 'Ask for the activation email again (always answers 202)',
        description:
          'If the address is the contact of a subscription awaiting activation, a new link is emailed and the old one stops working. The answer is the same either way.',
        body: emailRequest,
        response: { 202: requestAccepted, ...commonErrors },
      },
    },
    async (request, reply) => {
      await requestActivationEmail(ctx, request.body.email, anonymousOrigin(request));
      return reply.status(202).send({
        status: 'accepted' as const,
        message:
          'If this address belongs to a subscription awaiting activation, a new activation email is on its way.',
      });
    },
  );
});
