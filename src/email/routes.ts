import { defineRoutes } from '../http/routes.ts';
import { readMailbox } from './mailbox.ts';
import { mailboxMessages, mailboxQuery } from './schemas.ts';

/** The embedded default's local mailbox. Never mounted when NODE_ENV=production. */
export const mailboxRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/dev/mailbox',
    {
      schema: {
        tags: ['development'],
        summary: 'Mail delivered to the local mailbox, newest first (not in production)',
        description: 'An array of `{to, subject, text, html, sentAt}` (SPEC), each also with its `id`.',
        querystring: mailboxQuery,
        response: { 200: mailboxMessages },
      },
    },
    async (request) => readMailbox(ctx.db, request.query),
  );
});
