import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { CommitBatch } from '../db/commit-hooks.ts';
import type { QueuedEvent } from '../db/schema.ts';
import type { Locale } from '../i18n/index.ts';
import type { RenderedEmail } from './layout.ts';
import {
  insertOutboxEmail,
  insertOutboxRows,
  isSettled,
  type NewOutboxRow,
  outboxRowsCte,
} from './queries.ts';

export type QueuedEmail = {
  /** Names the event that causes this email; the same event never queues a second copy. */
  eventKey: string;
  template: string;
  locale: Locale;
  to: string;
  content: RenderedEmail;
  subscriptionId?: string | null;
  organizationId?: string | null;
  /** The outbox id of an email this one must follow: it is delivered only after that one. */
  after?: string | null;
  /** An event to record when the message is out (e.g. `activation.email_sent`). */
  sentEvent?: QueuedEvent;
};

export type EmailQueueContext = { emails: { wakeAtCommit(tx: Db): Promise<void> }; now(): Date };

/**
 * Writes the email to the outbox in the caller's transaction, so it exists exactly when the
 * change that causes it commits. Once that commit is done a dispatcher sends it: this
 * process's, or a worker's that the commit wakes (see `Wake`).
 * A follower waits until the email it follows is sent or given up. Returns the outbox id, or
 * null when this event's email was already queued.
 */
export async function queueEmail(tx: Db, ctx: EmailQueueContext, email: QueuedEmail): Promise<string | null> {
  const waits = email.after ? !(await isSettled(tx, email.after)) : false;
  const row = await insertOutboxEmail(tx, {
    ...outboxRow(email),
    afterId: email.after ?? null,
    dueAt: waits ? null : ctx.now(),
  });
  if (!row) return null;
  if (waits) return row.id;
  await ctx.emails.wakeAtCommit(tx);
  return row.id;
}

/** Emails queued by a transaction and written with its audit rows and events, as it commits. */
const outboxBatch = new CommitBatch<Db, NewOutboxRow>({
  write: insertOutboxRows,
  part: (_tx, rows) => ({ ctes: outboxRowsCte(rows) }),
});

/**
 * `queueEmail` for an email that follows none and whose outbox id the caller does not need: it
 * is written with the statement the transaction runs as it commits (one round trip fewer), and,
 * as there, not at all when this event's email was already queued.
 */
export async function queueEmailAtCommit(
  tx: Db,
  ctx: EmailQueueContext,
  email: Omit<QueuedEmail, 'after'>,
): Promise<void> {
  await outboxBatch.add(tx, [{ ...outboxRow(email), id: randomUUID(), dueAt: ctx.now() }]);
  await ctx.emails.wakeAtCommit(tx);
}

/** The columns of `email`'s outbox row that do not depend on when or how it is queued. */
function outboxRow(email: Omit<QueuedEmail, 'after'>) {
  return {
    eventKey: email.eventKey,
    template: email.template,
    locale: email.locale,
    toAddress: email.to,
    subject: email.content.subject,
    textBody: email.content.text,
    htmlBody: email.content.html,
    subscriptionId: email.subscriptionId ?? null,
    organizationId: email.organizationId ?? null,
    sentEvent: email.sentEvent ?? null,
  };
}
