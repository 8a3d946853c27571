import { requireStaff, staffOrigin } from '../http/auth.ts';
import { defineRoutes } from '../http/routes.ts';
import { errorResponse, uuidParam } from '../http/schemas.ts';
import {
  auditExportQuery,
  emailResent,
  organizationDetailSchema,
  organizationSearchQuery,
  organizationSearchResults,
  runParams,
  runRetried,
} from './schemas.ts';
import {
  exportAuditTrail,
  organizationDetail,
  resendOutboxEmail,
  retryRun,
  searchOrganizations,
} from './service.ts';

const staffErrors = { 401: errorResponse, 403: errorResponse, 404: errorResponse } as const;
const security: Record<string, string[]>[] = [{ staffToken: [] }, { staffSession: [] }];
export const supportRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/organizations',
    {
      onRequest: requireStaff('organization:read'),
      schema: {
        tags: ['support'],
        summary: 'Find organizations by Organization ID, short name (with region), company or email',
        security,
        querystring: organizationSearchQuery,
        response: { 200: organizationSearchResults, ...staffErrors },
      },
    },
    async (request) => ({ items: await searchOrganizations(ctx, request.query.q, request.query.region) }),
  );

  api.get(
    '/organizations/:id',
    {
      onRequest: requireStaff('organization:read'),
      schema: {
        tags: ['support'],
        summary:
          'One organization with its subscription, steps, checks, emails, people, audit trail and timeline',
        security,
        params: uuidParam,
        response: { 200: organizationDetailSchema, ...staffErrors },
      },
    },
    async (request) => organizationDetail(ctx, request.params.id),
  );

  api.get(
    '/organizations/:id/audit',
    {
      onRequest: requireStaff('audit:export'),
      schema: {
        tags: ['support'],
        summary: 'Export the audit trail as CSV or JSON Lines',
        security,
        params: uuidParam,
        querystring: auditExportQuery,
        produces: ['text/csv', 'application/x-ndjson'],
      },
    },
    async (request, reply) => {
      const file = await exportAuditTrail(ctx, request.params.id, request.query.format);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );

  api.post(
    '/emails/:id/resend',
    {
      onRequest: requireStaff('email:resend'),
      schema: {
        tags: ['support'],
        summary: 'Send an email from the outbox again (a new copy, same content)',
        security,
        params: uuidParam,
        response: { 202: emailResent, ...staffErrors },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await resendOutboxEmail(ctx, request.params.id, staffOrigin(request))),
  );

  api.post(
    '/organizations/:id/runs/:kind/retry',
    {
      onRequest: requireStaff('organization:retryRun'),
      schema: {
        tags: ['support'],
        summary: 'Run a failed provisioning or setup again from the step that failed',
        security,
        params: runParams,
        response: { 202: runRetried, 409: errorResponse, ...staffErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await retryRun(ctx, request.params.id, request.params.kind, staffOrigin(request))),
  );
});
