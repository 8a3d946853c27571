import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditToCsv, auditToJsonLines } from '../audit/export.ts';
import { auditTrail } from '../audit/queries.ts';
import type { AppContext } from '../context.ts';
import { resendEmail } from '../email/resend.ts';
import { AppError } from '../errors.ts';
import { requireStaff, staffOrigin } from '../http/auth.ts';
import { errorResponse, uuidParam } from '../http/schemas.ts';
import { findOrganizationWithSubscription } from '../verification/queries.ts';
import { organizationDetail, searchOrganizations } from './service.ts';

const staffErrors = { 401: errorResponse, 403: errorResponse, 404: errorResponse } as const;
const security: Record<string, string[]>[] = [{ staffToken: [] }, { staffSession: [] }];
const organizationSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string(),
  region: z.string(),
  state: z.string(),
  setup: z.string(),
  verification: z.string(),
  createdAt: z.date(),
  activatedAt: z.date().nullable(),
  setupDoneAt: z.date().nullable(),
});

export async function supportRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/organizations',
    {
      onRequest: requireStaff(ctx, 'organization:read'),
      schema: {
        tags: ['support'],
        summary: 'Find organizations by Organization ID, short name (with region), company or email',
        security,
        querystring: z.object({
          q: z.string().trim().min(1, 'type something to search for').max(200),
          region: z.string().max(32).optional(),
        }),
        response: { 200: z.object({ items: z.array(organizationSummary) }), ...staffErrors },
      },
    },
    async (request) => ({ items: await searchOrganizations(ctx, request.query.q, request.query.region) }),
  );

  api.get(
    '/organizations/:id',
    {
      onRequest: requireStaff(ctx, 'organization:read'),
      schema: {
        tags: ['support'],
        summary:
          'One organization with its subscription, steps, checks, emails, people, audit trail and timeline',
        security,
        params: uuidParam,
      },
    },
    async (request) => organizationDetail(ctx, request.params.id),
  );

  api.get(
    '/organizations/:id/audit',
    {
      onRequest: requireStaff(ctx, 'audit:export'),
      schema: {
        tags: ['support'],
        summary: 'Export the audit trail as CSV or JSON Lines',
        security,
        params: uuidParam,
        querystring: z.object({ format: z.enum(['csv', 'jsonl']).default('jsonl') }),
        produces: ['text/csv', 'application/x-ndjson'],
      },
    },
    async (request, reply) => {
      const found = await findOrganizationWithSubscription(ctx.db, request.params.id);
      if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
      const rows = await auditTrail(ctx.db, found.organization.id, found.subscription.id);
      const name = `onramp-audit-${found.organization.shortName}-${found.organization.id.slice(0, 8)}`;
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(auditToCsv(rows));
      }
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.jsonl"`)
        .send(auditToJsonLines(rows));
    },
  );

  api.post(
    '/emails/:id/resend',
    {
      onRequest: requireStaff(ctx, 'email:resend'),
      schema: {
        tags: ['support'],
        summary: 'Send an email from the outbox again (a new copy, same content)',
        security,
        params: uuidParam,
        response: { 202: z.object({ id: z.uuid(), originalId: z.uuid() }), ...staffErrors },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await resendEmail(ctx, request.params.id, staffOrigin(request))),
  );
}
