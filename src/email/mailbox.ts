import type { Db } from '../db/client.ts';
import { listMailbox } from './queries.ts';

/** The local mailbox as SPEC shows it: `{to, subject, text, html, sentAt}`, newest first. */
export async function readMailbox(db: Db, query: { to?: string | undefined; limit: number }) {
  return (await listMailbox(db, query)).map((row) => ({
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    text: row.textBody,
    html: row.htmlBody,
    sentAt: row.sentAt,
  }));
}
