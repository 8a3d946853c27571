import { z } from 'zod';
import { defineRoutes } from '../http/routes.ts';
import { readMailbox } from './mailbox.ts';

/** The embedded default's local mailbox. Never mounted when NODE_ENV=production. */
export const mailboxRoutes = defineRoutes((api, ctx) => {
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
    async (request) => readMailbox(ctx.db, request.query),
  );
});
