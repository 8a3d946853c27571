import type { Db } from '../db/client.ts';
import { deleteOldMailboxMessages, listMailbox } from './queries.ts';

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

/** The local mailbox keeps the newest messages; the outbox keeps every email and can send it again. */
const mailboxKeeps = 10_000;

/** The minute's upkeep: the local mailbox back to its newest `keep`, in batches, oldest first. */
export async function pruneMailbox(
  db: Db,
  limits = { keep: mailboxKeeps, batch: 1000, batches: 20 },
): Promise<number> {
  let removed = 0;
  for (let i = 0; i < limits.batches; i++) {
    const batch = await deleteOldMailboxMessages(db, limits.keep, limits.batch);
    removed += batch;
    if (batch < limits.batch) break;
  }
  return removed;
}
