import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { emailOutbox, mailboxMessages, type QueuedEvent } from '../db/schema.ts';
import type { EventCtes } from '../events/queries.ts';
import type { MailboxMessage } from './queries.ts';

/*
 * Delivery's statements: claiming due messages, settling them, and releasing the emails that
 * wait to follow them. The outbox's rows are written and listed in queries.ts.
 */

/**
 * How long a claim on a message lasts: longer than one SMTP exchange may take (the transport's
 * timeouts add up to less), short enough that a message a dead process held goes out within a
 * minute from another.
 */
export const emailClaimMs = 50_000;

export type ClaimedEmail = {
  id: string;
  template: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
  sentEvent: QueuedEvent | null;
};

/**
 * Takes the right to send up to `limit` due messages, oldest due first: each is claimed by one
 * process at a time, for `emailClaimMs` (SKIP LOCKED: processes claiming at once take different
 * ones). A claim that lapsed is due again.
 */
export async function claimDueEmails(db: Db, now: Date, limit: number): Promise<ClaimedEmail[]> {
  const until = new Date(now.getTime() + emailClaimMs).toISOString();
  return queryRows<ClaimedEmail>(
    db,
    sql`update ${emailOutbox} m
        set status = 'sending', attempts = m.attempts + 1, claimed_until = ${until}::timestamptz,
            due_at = ${until}::timestamptz
        from (select id from ${emailOutbox} where due_at <= ${now.toISOString()}::timestamptz
              order by due_at limit ${limit} for update skip locked) due
        where m.id = due.id
        returning m.id, m.template, m.to_address as "toAddress", m.subject, m.text_body as "textBody",
                  m.html_body as "htmlBody", m.attempts, m.sent_event as "sentEvent"`,
  );
}

/**
 * Settles a message (sent, or given up on) and makes the emails waiting to follow it due, in
 * one statement; with `also`, common table expressions to run in it too (the "sent" event's,
 * which end in `delivery`). Answers how many it released and how many deliveries `also` made.
 */
async function settleEmail(
  db: Db,
  outboxId: string,
  now: Date,
  outcome:
    | { status: 'sent'; also?: EventCtes | undefined; mailbox?: MailboxMessage | undefined }
    | { status: 'undeliverable'; error: string },
): Promise<{ released: number; deliveries: number }> {
  const at = now.toISOString();
  const also = outcome.status === 'sent' ? outcome.also : undefined;
  const mailbox = outcome.status === 'sent' ? outcome.mailbox : undefined;
  const [row] = await queryRows<{ released: number; deliveries: number }>(
    db,
    // Committed without waiting for the disk: a settle a crash forgets sends the email again,
    // as a crash between sending and settling always could (delivery is at least once), and
    // the local mailbox's row is forgotten with it.
    sql`with async_commit as (
          select set_config('synchronous_commit', 'off', true)
        ), settled as (
          update ${emailOutbox} set status = ${outcome.status},
                 sent_at = ${outcome.status === 'sent' ? at : null}::timestamptz,
                 last_error = ${outcome.status === 'sent' ? null : outcome.error.slice(0, 500)},
                 claimed_until = null, due_at = null
          where id = ${outboxId}
        ), released as (
          update ${emailOutbox} set due_at = ${at}::timestamptz
          where after_id = ${outboxId} and status = 'queued' and due_at is null
          returning 1
        )${mailbox ? sql`, ${intoMailbox(mailbox, at)}` : sql``}${also ? sql`, ${also.ctes}` : sql``}
        select (select count(*)::int from released) as released, ${also ? also.deliveries : sql`0`} as deliveries
        from async_commit`,
  );
  return { released: row?.released ?? 0, deliveries: row?.deliveries ?? 0 };
}

function intoMailbox(message: MailboxMessage, at: string) {
  return sql`into_mailbox as (
    insert into ${mailboxMessages} (outbox_id, to_address, subject, text_body, html_body, sent_at)
    values (${message.outboxId}, ${message.toAddress}, ${message.subject}, ${message.textBody},
            ${message.htmlBody}, ${at}::timestamptz)
    on conflict (outbox_id) do nothing
  )`;
}

/** Marks a message sent; `also`: its "sent" event's expressions, `mailbox`: its local mailbox row. */
export function markEmailSent(
  db: Db,
  outboxId: string,
  now: Date,
  written: { also?: EventCtes | undefined; mailbox?: MailboxMessage | undefined } = {},
) {
  return settleEmail(db, outboxId, now, { status: 'sent', ...written });
}

export function markEmailUndeliverable(db: Db, outboxId: string, now: Date, error: string) {
  return settleEmail(db, outboxId, now, { status: 'undeliverable', error });
}

/** A failed attempt: the message is due again at `retryAt`. */
export async function markEmailFailed(db: Db, outboxId: string, error: string, retryAt: Date): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ status: 'failed', lastError: error.slice(0, 500), claimedUntil: null, dueAt: retryAt })
    .where(eq(emailOutbox.id, outboxId));
}

/**
 * Followers whose predecessor settled without releasing them (it settled while they were being
 * queued) become due; how many. The minute sweep's part: such an email is late, never lost.
 */
export async function releaseStrandedFollowers(db: Db, now: Date): Promise<number> {
  const [row] = await queryRows<{ released: number }>(
    db,
    sql`with released as (
          update ${emailOutbox} f set due_at = ${now.toISOString()}::timestamptz
          from ${emailOutbox} p
          where f.after_id = p.id and f.status = 'queued' and f.due_at is null
            and p.status in ('sent', 'undeliverable')
          returning 1
        )
        select count(*)::int as released from released`,
  );
  return row?.released ?? 0;
}
