import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { progressStep } from '../activation/schemas.ts';
import type { AppContext } from '../context.ts';
import { customerOrigin, requireCustomer, signedInCustomer } from '../http/auth.ts';
import { errorResponse } from '../http/schemas.ts';
import { registerProgressStreams } from '../http/sse.ts';
import { retrySetup } from '../setup/retry.ts';
import { organizationOverview, setupProgress } from './service.ts';

const localized = z.object({ en: z.string(), ko: z.string() });
export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: z.enum(['admin', 'user']),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    createdAt: z.date(),
    sentAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    acceptedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: 'Invitation' });

const overviewSchema = z
  .object({
    organization: z.object({
      id: z.uuid(),
      name: z.string(),
      shortName: z.string(),
      region: z.string(),
      regionName: localized,
      loginUrl: z.string().nullable(),
      state: z.string(),
      setup: z.string(),
      verification: z.string(),
      createdAt: z.date(),
      activatedAt: z.date().nullable(),
    }),
    products: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        quantity: z.number(),
        features: z.array(
          z.object({
            key: z.string(),
            name: localized,
            enabled: z.boolean(),
            enabledAt: z.date().nullable(),
          }),
        ),
      }),
    ),
    billing: z
      .object({
        kind: z.enum(['trial', 'paid']),
        chargesEnabled: z.boolean(),
        currency: z.string().nullable(),
        ratePlan: z.string().nullable(),
        startsOn: z.string(),
        trialEndsAt: z.date().nullable(),
        trialDaysLeft: z.number().nullable(),
        quantities: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number() })),
      })
      .nullable(),
    people: z.object({
      members: z.array(
        z.object({
          id: z.uuid(),
          email: z.string(),
          firstName: z.string(),
          lastName: z.string(),
          role: z.enum(['admin', 'user']),
          createdAt: z.date(),
          lastLoginAt: z.date().nullable(),
        }),
      ),
      invitations: z.array(invitationSchema),
    }),
  })
  .meta({ id: 'Organization' });

const setupSchema = z
  .object({
    state: z.enum(['pending', 'running', 'done', 'failed']),
    steps: z.array(progressStep),
    organizationId: z.uuid(),
    shortName: z.string(),
    region: z.string(),
    error: z.object({ step: z.string(), reference: z.string() }).nullable(),
  })
  .meta({ id: 'SetupProgress' });

export async function organizationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const streamProgress = registerProgressStreams(app);
  const guarded = { 401: errorResponse, 403: errorResponse } as const;

  api.get(
    '/organization',
    {
      onRequest: requireCustomer(ctx, 'organization:read'),
      schema: {
        tags: ['organization'],
        summary: 'Features, billing summary and people of your organization',
        response: { 200: overviewSchema, ...guarded },
      },
    },
    async (request) => organizationOverview(ctx, signedInCustomer(request)),
  );

  api.get(
    '/organization/setup',
    {
      onRequest: requireCustomer(ctx, 'setup:read'),
      schema: {
        tags: ['organization'],
        summary: 'Features-and-billing progress, shaped like activation progress',
        response: { 200: setupSchema, ...guarded },
      },
    },
    async (request) => setupProgress(ctx, signedInCustomer(request)),
  );

  api.get(
    '/organization/setup/stream',
    {
      onRequest: requireCustomer(ctx, 'setup:read'),
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
      onRequest: requireCustomer(ctx, 'setup:read'),
      schema: {
        tags: ['organization'],
        summary: 'Run a failed setup again from the step that failed',
        response: { 202: setupSchema, 409: errorResponse, ...guarded },
      },
    },
    async (request, reply) => {
      const principal = signedInCustomer(request);
      await retrySetup(ctx, principal, customerOrigin(request));
      return reply.status(202).send(await setupProgress(ctx, principal));
    },
  );
}
