import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { afterCommit, CommitBatch } from '../db/commit-hooks.ts';
import type { QueuedEvent } from '../db/schema.ts';
import type { Locale } from '../i18n/index.ts';
import type { Place } from '../jobs/claim-loop.ts';
import { type ClaimedEmail, emailClaimMs } from './delivery-queries.ts';
import type { RenderedEmail } from './layout.ts';
import {
  insertOutboxEmail,
  insertOutboxRows,
  isSettled,
  type NewOutboxRow,
  outboxRowsPart,
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

export type EmailQueueContext = {
  emails: {
    wakeAtCommit(tx: Db): Promise<void>;
    placeAfterCommit(tx: Db): Place<ClaimedEmail> | undefined;
  };
  now(): Date;
};

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

/** An email for the commit statement, and the place this process holds to send it right after. */
type AtCommit = { row: NewOutboxRow; place: Place<ClaimedEmail> | undefined };

/**
 * Emails queued by a transaction and written with its audit rows and events, as it commits.
 * Those this process holds a place for go out from here once committed, with no claim of their
 * own; one whose event's email was queued before is not sent again.
 */
const outboxBatch = new CommitBatch<Db, AtCommit>({
  // Without commit hooks no place is held (see `placeAfterCommit`).
  write: (tx, queued) =>
    insertOutboxRows(
      tx,
      queued.map((q) => q.row),
    ),
  part: (tx, queued) => ({
    ...outboxRowsPart(queued.map((q) => q.row)),
    afterwards: async (inserted) => {
      const ids = new Set(inserted as string[]);
      for (const { row, place } of queued) {
        if (!place) continue;
        if (ids.has(row.id)) afterCommit(tx, () => place.work(claimedEmail(row)));
        else place.release();
      }
    },
  }),
});

/** A row written claimed, as a claim would have answered it. */
function claimedEmail(row: NewOutboxRow): ClaimedEmail {
  return {
    id: row.id,
    template: row.template,
    toAddress: row.toAddress,
    subject: row.subject,
    textBody: row.textBody,
    htmlBody: row.htmlBody,
    attempts: 1,
    sentEvent: row.sentEvent,
  };
}

/**
 * `queueEmail` for an email that follows none and whose outbox id the caller does not need: it
 * is written with the statement the transaction runs as it commits (one round trip fewer), and,
 * as there, not at all when this event's email was already queued. Where this process sends
 * email and has a place free, the row is written claimed by it and sent right after the commit
 * (two statements fewer: no claim, no wake); if the process dies first, the claim lapses and
 * another sends it.
 */
export async function queueEmailAtCommit(
  tx: Db,
  ctx: EmailQueueContext,
  email: Omit<QueuedEmail, 'after'>,
): Promise<void> {
  const now = ctx.now();
  const place = ctx.emails.placeAfterCommit(tx);
  const claimedUntil = place ? new Date(now.getTime() + emailClaimMs) : null;
  await outboxBatch.add(tx, [
    { row: { ...outboxRow(email), id: randomUUID(), dueAt: now, claimedUntil }, place },
  ]);
  if (!place) await ctx.emails.wakeAtCommit(tx);
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
