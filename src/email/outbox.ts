import type { Db } from '../db/client.ts';
import type { QueuedEvent } from '../db/schema.ts';
import type { Locale } from '../i18n/index.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { deliverEmailJob } from './jobs.ts';
import type { RenderedEmail } from './layout.ts';
import { insertOutboxEmail, isSettled, waitingFollowers } from './queries.ts';

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

/**
 * Writes the email to the outbox in the caller's transaction and queues its delivery there too,
 * so the email exists exactly when the change that causes it commits. Returns the outbox id, or
 * null when this event's email was already queued.
 */
export async function queueEmail(tx: Db, ctx: { jobs: Jobs }, email: QueuedEmail): Promise<string | null> {
  const row = await insertOutboxEmail(tx, {
    eventKey: email.eventKey,
    template: email.template,
    locale: email.locale,
    toAddress: email.to,
    subject: email.content.subject,
    textBody: email.content.text,
    htmlBody: email.content.html,
    subscriptionId: email.subscriptionId ?? null,
    organizationId: email.organizationId ?? null,
    afterId: email.after ?? null,
    sentEvent: email.sentEvent ?? null,
  });
  if (!row) return null;
  // A follower waits: delivering its predecessor releases it (see releaseFollowers).
  if (!email.after || (await isSettled(tx, email.after)))
    await ctx.jobs.send(tx, deliverEmailJob, { outboxId: row.id });
  return row.id;
}

/**
 * Queues the emails that were waiting for `outboxId`, now that it is sent or given up; `known`:
 * those waiting, when the caller has read them already.
 */
export async function releaseFollowers(
  tx: Db,
  ctx: { jobs: Jobs },
  outboxId: string,
  known?: readonly { id: string }[],
): Promise<void> {
  for (const follower of known ?? (await waitingFollowers(tx, outboxId))) {
    await ctx.jobs.send(tx, deliverEmailJob, { outboxId: follower.id });
  }
}
