import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { type EmailStatus, emailOutbox, mailboxMessages } from '../db/schema.ts';

/** A new outbox row; undefined when this event's email is already there. */
export async function insertOutboxEmail(tx: Db, values: typeof emailOutbox.$inferInsert) {
  const [row] = await tx
    .insert(emailOutbox)
    .values(values)
    .onConflictDoNothing({ target: emailOutbox.eventKey })
    .returning({ id: emailOutbox.id });
  return row;
}

export async function findOutboxEmail(db: Db, outboxId: string) {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId));
  return row;
}

/** The local mailbox: one row per outbox message, however often delivery is attempted. */
export async function insertMailboxMessage(db: Db, values: typeof mailboxMessages.$inferInsert) {
  await db.insert(mailboxMessages).values(values).onConflictDoNothing({ target: mailboxMessages.outboxId });
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

/**
 * How long a claim on a message lasts: longer than one SMTP exchange may take (the transport's
 * timeouts add up to less), short enough that a message a dead process held goes out within a
 * minute from another.
 */
export const emailClaimMs = 50_000;

/** Takes the right to send one message: a row is claimed by one worker at a time, for `emailClaimMs`. */
export async function claimEmail(db: Db, outboxId: string, now: Date) {
  const [row] = await db
    .update(emailOutbox)
    .set({
      status: 'sending',
      attempts: sql`${emailOutbox.attempts} + 1`,
      claimedUntil: new Date(now.getTime() + emailClaimMs),
    })
    .where(
      and(
        eq(emailOutbox.id, outboxId),
        or(
          inArray(emailOutbox.status, ['queued', 'failed']),
          and(eq(emailOutbox.status, 'sending'), lt(emailOutbox.claimedUntil, now)),
        ),
      ),
    )
    .returning();
  return row;
}

/** Marks a message sent and answers the emails waiting to follow it, in one statement. */
export async function markEmailSent(db: Db, outboxId: string, now: Date): Promise<{ id: string }[]> {
  return queryRows<{ id: string }>(
    db,
    sql`with sent as (
          update ${emailOutbox} set status = 'sent', sent_at = ${now.toISOString()}::timestamptz,
                 last_error = null, claimed_until = null
          where id = ${outboxId}
        )
        select id from ${emailOutbox} where after_id = ${outboxId} and status = 'queued'`,
  );
}

export async function markEmailFailed(db: Db, outboxId: string, error: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ status: 'failed', lastError: error.slice(0, 500), claimedUntil: null })
    .where(eq(emailOutbox.id, outboxId));
}

export async function findEmailStatus(db: Db, outboxId: string) {
  const [row] = await db
    .select({ status: emailOutbox.status, claimedUntil: emailOutbox.claimedUntil })
    .from(emailOutbox)
    .where(eq(emailOutbox.id, outboxId));
  return row;
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

export async function markEmailUndeliverable(db: Db, outboxId: string, error: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ status: 'undeliverable', lastError: error.slice(0, 500), claimedUntil: null })
    .where(eq(emailOutbox.id, outboxId));
}

export async function waitingFollowers(db: Db, outboxId: string) {
  return db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.afterId, outboxId), eq(emailOutbox.status, 'queued')));
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
