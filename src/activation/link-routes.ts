import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { anonymousOrigin } from '../http/auth.ts';
import { commonErrors, emailAddress, errorResponse, localeSchema } from '../http/schemas.ts';
import { describeActivationLink, requestActivationEmail } from './link-service.ts';

export const activationTokenParam = z.object({ token: z.string().min(1).max(256) });

const activationSummary = z
  .object({
    company: z.string(),
    contactName: z.string(),
    contactEmail: z.string(),
    locale: localeSchema,
    kind: z.enum(['trial', 'paid']),
    trialDays: z.number().nullable(),
    currency: z.string().nullable(),
    ratePlan: z.string().nullable(),
    products: z.array(
      z.object({ sku: z.string(), name: z.string(), quantity: z.number(), features: z.array(z.string()) }),
    ),
    features: z.array(z.string()),
    expiresAt: z.date(),
    status: z.literal('pending'),
  })
  .meta({ id: 'ActivationSummary' });

const linkErrors = { 404: errorResponse, 409: errorResponse, 410: errorResponse, ...commonErrors } as const;

export async function activationLinkRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

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
        body: z.object({ email: emailAddress }),
        response: { 202: z.object({ status: z.literal('accepted'), message: z.string() }), ...commonErrors },
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
}
