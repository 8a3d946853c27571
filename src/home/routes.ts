import { requireCustomer, signedInCustomer } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { errorResponse } from '../http/schemas.ts';
import { overviewSchema } from './schemas.ts';
import { organizationOverview } from './service.ts';

export const homeRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/organization',
    {
      onRequest: requireCustomer('organization:read'),
      schema: {
        tags: ['organization'],
        summary: 'Features, billing summary and people of your organization',
        response: { 200: overviewSchema, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request) => organizationOverview(ctx, signedInCustomer(request)),
  );
});
