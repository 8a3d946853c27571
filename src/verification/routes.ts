import { requireStaff, staffOrigin } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { commonErrors, errorResponse, uuidParam } from '../http/schemas.ts';
import { checksRun, signedOff, signOffInput, verificationQueueSchema } from './schemas.ts';
import { runChecks, verificationQueue, verifyOrganization } from './service.ts';

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
          200: verificationQueueSchema,
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
        response: { 200: checksRun, ...staffErrors },
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
        body: signOffInput,
        response: {
          200: signedOff,
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
