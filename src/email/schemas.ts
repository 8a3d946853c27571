import { z } from 'zod';
import { searchText } from '../http/schemas.ts';

export const mailboxQuery = z.object({
  to: searchText(254).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** SPEC: delivered mail, newest first, as `{to, subject, text, html, sentAt}` (plus its id). */
export const mailboxMessages = z.array(
  z.object({
    id: z.number(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    sentAt: z.date(),
  }),
);
