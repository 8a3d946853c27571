import { desc, eq, or, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { builtAtOnce, type CommitPart } from '../db/commit-hooks.ts';
import { compileByKeys } from '../db/compiled.ts';
import { type EmailStatus, emailOutbox, mailboxMessages } from '../db/schema.ts';

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

/**
 * Removes up to `limit` of the oldest local mailbox messages beyond the newest `keep` (the outbox
 * keeps every email; the mailbox only shows them). Both walk the primary key.
 */
export async function deleteOldMailboxMessages(db: Db, keep: number, limit: number): Promise<number> {
  const [row] = await queryRows<{ removed: number }>(
    db,
    sql`with oldest_kept as (
          select id from ${mailboxMessages} order by id desc offset ${keep - 1}::int limit 1
        ),
        removed as (
          delete from ${mailboxMessages} where id = any(array(
            select id from ${mailboxMessages} where id < (select id from oldest_kept) order by id limit ${limit}::int
          ))
          returning 1
        )
        select count(*)::int as removed from removed`,
  );
  return row?.removed ?? 0;
}

/** Delivered local mail, newest first, optionally for one address. */
export async function listMailbox(db: Db, query: { to?: string | undefined; limit: number }) {
  return db
    .select()
    .from(mailboxMessages)
    .where(query.to ? sql`lower(${mailboxMessages.toAddress}) = lower(${query.to})` : undefined)
    .orderBy(desc(mailboxMessages.id))
    .limit(query.limit);
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
