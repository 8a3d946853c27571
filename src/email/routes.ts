import { desc, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { mailboxMessages } from '../db/schema.ts';

/** The embedded default's local mailbox. Never mounted when NODE_ENV=production. */
export async function mailboxRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/dev/mailbox',
    {
      schema: {
        tags: ['development'],
        summary: 'Mail delivered to the local mailbox, newest first (not in production)',
        description: 'An array of `{to, subject, text, html, sentAt}` (SPEC), each also with its `id`.',
        querystring: z.object({
          to: z.string().max(254).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.array(
            z.object({
              id: z.number(),
              to: z.string(),
              subject: z.string(),
              text: z.string(),
              html: z.string(),
              sentAt: z.date(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const { to, limit } = request.query;
      const rows = await ctx.db
        .select()
        .from(mailboxMessages)
        .where(to ? sql`lower(${mailboxMessages.toAddress}) = lower(${to})` : undefined)
        .orderBy(desc(mailboxMessages.id))
        .limit(limit);
      return rows.map((row) => ({
        id: row.id,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        sentAt: row.sentAt,
      }));
    },
  );
}
