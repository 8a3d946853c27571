import { desc, eq, or, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { builtAtOnce, type CommitPart } from '../db/commit-hooks.ts';
import { compileByKeys } from '../db/compiled.ts';
import { type EmailStatus, emailOutbox, mailboxMessages, type QueuedEvent } from '../db/schema.ts';
import type { EventCtes } from '../events/queries.ts';

/** A new outbox row; undefined when this event's email is already there. */
export async function insertOutboxEmail(tx: Db, values: typeof emailOutbox.$inferInsert) {
  const [row] = await insertOutboxRow(tx, values);
  return row;
}

const insertOutboxRow = compileByKeys<typeof emailOutbox.$inferInsert, { id: string }[]>((db, p) =>
  db
    .insert(emailOutbox)
    .values(p as unknown as typeof emailOutbox.$inferInsert)
    .onConflictDoNothing({ target: emailOutbox.eventKey })
    .returning({ id: emailOutbox.id }),
);

/** An outbox row written with the commit of its transaction (see `queueEmailAtCommit`). */
export type NewOutboxRow = Required<
  Pick<
    typeof emailOutbox.$inferInsert,
    | 'id'
    | 'eventKey'
    | 'template'
    | 'locale'
    | 'toAddress'
    | 'subject'
    | 'textBody'
    | 'htmlBody'
    | 'subscriptionId'
    | 'organizationId'
    | 'sentEvent'
  >
> & {
  dueAt: Date;
  /** Set: claimed by the process that queues it, until then (see `EmailDispatcher.placeAfterCommit`). */
  claimedUntil?: Date | null;
};

/** How a new row starts: claimed (sending, its first attempt counted, due when the claim lapses) or queued. */
function outboxState(row: NewOutboxRow) {
  return row.claimedUntil
    ? {
        status: 'sending',
        attempts: 1,
        claimed_until: row.claimedUntil.toISOString(),
        due_at: row.claimedUntil.toISOString(),
      }
    : { status: 'queued', attempts: 0, claimed_until: null, due_at: row.dueAt.toISOString() };
}

/**
 * The part of the commit statement that inserts `rows` into the outbox (`outbox_rows`), in
 * order; its scalar is the ids it inserted (a row whose event already has its email is left
 * out). A claimed row is written as a claim would leave it. One email (the usual case) goes as
 * plain values, so that its bodies are not written into JSON and parsed back; several go as one
 * JSON value.
 */
export function outboxRowsPart(
  rows: readonly NewOutboxRow[],
): Pick<CommitPart, 'shape' | 'build' | 'values'> {
  const [only] = rows;
  if (rows.length === 1 && only) {
    const state = outboxState(only);
    return {
      shape: 'outbox_rows one',
      build: (value) => ({
        ctes: outboxRowsCte(sql`values (${value('id')}::uuid, ${value('eventKey')}, ${value('template')},
          ${value('locale')}, ${value('toAddress')}, ${value('subject')}, ${value('textBody')},
          ${value('htmlBody')}, ${value('subscriptionId')}::uuid, ${value('organizationId')}::uuid,
          ${value('sentEvent')}::jsonb, ${value('status')}, ${value('attempts')}::int,
          ${value('claimedUntil')}::timestamptz, ${value('dueAt')}::timestamptz)`),
        scalar: insertedOutboxIds,
      }),
      values: {
        id: only.id,
        eventKey: only.eventKey,
        template: only.template,
        locale: only.locale,
        toAddress: only.toAddress,
        subject: only.subject,
        textBody: only.textBody,
        htmlBody: only.htmlBody,
        subscriptionId: only.subscriptionId,
        organizationId: only.organizationId,
        sentEvent: only.sentEvent === null ? null : JSON.stringify(only.sentEvent),
        status: state.status,
        attempts: state.attempts,
        claimedUntil: state.claimed_until,
        dueAt: state.due_at,
      },
    };
  }
  return {
    shape: 'outbox_rows json',
    build: (value) => ({
      ctes: outboxRowsCte(sql`select r.id, r.event_key, r.template, r.locale, r.to_address, r.subject,
          r.text_body, r.html_body, r.subscription_id, r.organization_id, r.sent_event, r.status,
          r.attempts, r.claimed_until, r.due_at
        from json_populate_recordset(null::email_outbox, ${value('rows')}::json) with ordinality as r
        order by r.ordinality`),
      scalar: insertedOutboxIds,
    }),
    values: { rows: outboxJson(rows) },
  };
}

function outboxRowsCte(source: SQL): SQL {
  return sql`outbox_rows as (
    insert into ${emailOutbox} (id, event_key, template, locale, to_address, subject, text_body, html_body,
                                subscription_id, organization_id, sent_event, status, attempts,
                                claimed_until, due_at)
    ${source}
    on conflict (event_key) do nothing
    returning id)`;
}

function outboxJson(rows: readonly NewOutboxRow[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      event_key: row.eventKey,
      template: row.template,
      locale: row.locale,
      to_address: row.toAddress,
      subject: row.subject,
      text_body: row.textBody,
      html_body: row.htmlBody,
      subscription_id: row.subscriptionId,
      organization_id: row.organizationId,
      sent_event: row.sentEvent,
      ...outboxState(row),
    })),
  );
}

/** The ids `outbox_rows` inserted, as a JSON array: a scalar for the commit statement. */
const insertedOutboxIds = sql`(select coalesce(json_agg(id), '[]'::json) from outbox_rows)`;

export async function insertOutboxRows(tx: Db, rows: NewOutboxRow[]): Promise<void> {
  await tx.execute(sql`with ${builtAtOnce(outboxRowsPart(rows)).ctes} select 1`);
}

export async function findOutboxEmail(db: Db, outboxId: string) {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId));
  return row;
}

/** A message for the local mailbox: one row per outbox message, however often it is attempted. */
export type MailboxMessage = {
  outboxId: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
};

/** Delivered local mail, newest first, optionally for one address. */
export async function listMailbox(db: Db, query: { to?: string | undefined; limit: number }) {
  return db
    .select()
    .from(mailboxMessages)
    .where(query.to ? sql`lower(${mailboxMessages.toAddress}) = lower(${query.to})` : undefined)
    .orderBy(desc(mailboxMessages.id))
    .limit(query.limit);
}

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

export type EmailSummary = {
  id: string;
  template: string;
  to: string;
  subject: string;
  locale: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export async function listEmails(
  db: Db,
  where: { subscriptionId?: string; organizationId?: string },
): Promise<EmailSummary[]> {
  const conditions = [
    where.subscriptionId ? eq(emailOutbox.subscriptionId, where.subscriptionId) : undefined,
    where.organizationId ? eq(emailOutbox.organizationId, where.organizationId) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select({
      id: emailOutbox.id,
      template: emailOutbox.template,
      to: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      locale: emailOutbox.locale,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
    })
    .from(emailOutbox)
    .where(conditions.length > 1 ? or(...conditions) : conditions[0])
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id));
}

/** Sent, or given up on: either way a follower need not wait any longer. */
export async function isSettled(db: Db, outboxId: string): Promise<boolean> {
  const [row] = await db
    .select({ status: emailOutbox.status })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, outboxId));
  return !row || row.status === 'sent' || row.status === 'undeliverable';
}

/** Template, address and status of every email of an organization or its subscription. */
export async function emailStatuses(db: Db, where: { organizationId: string; subscriptionId: string }) {
  return db
    .select({ template: emailOutbox.template, to: emailOutbox.toAddress, status: emailOutbox.status })
    .from(emailOutbox)
    .where(
      or(
        eq(emailOutbox.organizationId, where.organizationId),
        eq(emailOutbox.subscriptionId, where.subscriptionId),
      ),
    );
}
