import { z } from 'zod';
import { requireStaff, staffOrigin } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse, optionalBody, uuidParam } from '../http/schemas.ts';
import { runChecks, verificationQueue, verifyOrganization } from './service.ts';

const check = z.object({
  key: z.string(),
  status: z.enum(['passed', 'failed']),
  detail: z.string().nullable(),
});
const staffErrors = { 401: errorResponse, 403: errorResponse, 404: errorResponse } as const;
const security: Record<string, string[]>[] = [{ staffToken: [] }, { staffSession: [] }];

export const verificationRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/verification-queue',
    {
      onRequest: requireStaff('organization:read'),
      schema: {
        tags: ['verification'],
        summary: 'Organizations awaiting verification, oldest first, with their checks',
        security,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                name: z.string(),
                company: z.string(),
                contactEmail: z.string(),
                shortName: z.string(),
                region: z.string(),
                state: z.string(),
                setup: z.string(),
                createdAt: z.date(),
                setupDoneAt: z.date().nullable(),
                checks: z.array(check),
                checksPassed: z.boolean(),
              }),
            ),
          }),
          ...staffErrors,
        },
      },
    },
    async () => verificationQueue(ctx),
  );

  api.post(
    '/organizations/:id/checks',
    {
      onRequest: requireStaff('organization:runChecks'),
      schema: {
        tags: ['verification'],
        summary: 'Run the automated checks again',
        security,
        params: uuidParam,
        response: { 200: z.object({ checks: z.array(check) }), ...staffErrors },
      },
    },
    async (request) => ({ checks: await runChecks(ctx, request.params.id, staffOrigin(request)) }),
  );

  api.post(
    '/organizations/:id/verification',
    {
      onRequest: requireStaff('organization:verify'),
      schema: {
        tags: ['verification'],
        summary: 'Sign off; sends "Thank you for activating Onramp features", then "Welcome to Onramp"',
        description:
          'Runs the checks first. While one fails, answers 409 CHECKS_FAILING unless `override: true` with `notes`. Verifying an organization already verified changes and sends nothing.',
        security,
        params: uuidParam,
        body: optionalBody({
          notes: z.string().trim().max(2000).optional(),
          override: z.boolean().optional(),
        }),
        response: {
          200: z.object({
            organizationId: z.uuid(),
            verification: z.literal('verified'),
            verifiedAt: z.date().nullable(),
            alreadyVerified: z.boolean(),
            override: z.boolean(),
            checks: z.array(check),
          }),
          409: errorResponse,
          ...staffErrors,
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const result = await verifyOrganization(ctx, request.params.id, request.body, staffOrigin(request));
      return {
        organizationId: result.organization.id,
        verification: 'verified' as const,
        verifiedAt: result.organization.verifiedAt,
        alreadyVerified: result.alreadyVerified,
        override: result.organization.verificationOverride,
        checks: result.checks,
      };
    },
  );
});
