import { and, asc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  type EndpointDisabledReason,
  type EventPayload,
  events,
  webhookDeliveries,
  webhookEndpoints,
} from '../db/schema.ts';

export async function insertEvent(
  tx: Db,
  values: {
    id: string;
    type: string;
    subscriptionId: string | null;
    organizationId: string | null;
    payload: EventPayload;
    createdAt: Date;
  },
) {
  await tx.insert(events).values(values);
}

/** Enabled endpoints subscribed to `type`. */
export async function subscribedEndpointIds(tx: Db, type: string): Promise<string[]> {
  const rows = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.enabled, true), sql`${type} = any(${webhookEndpoints.eventTypes})`));
  return rows.map((r) => r.id);
}

export async function insertDeliveries(
  tx: Db,
  rows: { eventId: string; endpointId: string; orderKey: string; nextAttemptAt: Date; createdAt: Date }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({ target: [webhookDeliveries.eventId, webhookDeliveries.endpointId] })
    .returning({ id: webhookDeliveries.id });
  return inserted.map((r) => r.id);
}

export async function findDelivery(db: Db, id: string) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

/**
 * Locks the endpoint for a claim, so claims for one endpoint (and its chains) take turns. NO KEY
 * UPDATE: inserting deliveries (a foreign key share lock) is never blocked by it.
 */
export async function lockEndpoint(tx: Db, id: string) {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .for('no key update');
  return row;
}

/** Whether an earlier delivery of the same chain is still to be delivered: then this one waits. */
export async function hasEarlierInChain(
  tx: Db,
  delivery: { endpointId: string; orderKey: string; seq: number },
): Promise<boolean> {
  const [row] = await tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, delivery.endpointId),
        eq(webhookDeliveries.orderKey, delivery.orderKey),
        lt(webhookDeliveries.seq, delivery.seq),
        inArray(webhookDeliveries.status, ['pending', 'delivering']),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Deliveries of the endpoint in flight right now (their lease has not lapsed). */
export async function inFlightCount(tx: Db, endpointId: string, now: Date): Promise<number> {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.status, 'delivering'),
        gt(webhookDeliveries.leasedUntil, now),
      ),
    );
  return row?.count ?? 0;
}

/** Takes the delivery for one attempt; the lease keeps others off it until the attempt must be over. */
export async function claimDelivery(tx: Db, id: string, now: Date, leasedUntil: Date) {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({
      status: 'delivering',
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      leasedUntil,
      lastAttemptAt: now,
    })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        or(
          eq(webhookDeliveries.status, 'pending'),
          and(eq(webhookDeliveries.status, 'delivering'), lt(webhookDeliveries.leasedUntil, now)),
        ),
      ),
    )
    .returning();
  return row;
}

export async function findEvent(db: Db, id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row;
}

/**
 * Records an attempt's outcome, only if this attempt still holds the delivery (a worker whose
 * lease lapsed and was taken over must not overwrite the newer attempt). The row, or undefined.
 */
export async function settleAttempt(
  tx: Db,
  id: string,
  attempt: number,
  values: Partial<typeof webhookDeliveries.$inferInsert>,
) {
  const [row] = await tx
    .update(webhookDeliveries)
    .set({ ...values, leasedUntil: null })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        eq(webhookDeliveries.status, 'delivering'),
        eq(webhookDeliveries.attempts, attempt),
      ),
    )
    .returning();
  return row;
}

/** The next delivery of the chain after `seq`, to start once the one before it is settled. */
export async function nextInChain(tx: Db, delivery: { endpointId: string; orderKey: string; seq: number }) {
  const [row] = await tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, delivery.endpointId),
        eq(webhookDeliveries.orderKey, delivery.orderKey),
        gt(webhookDeliveries.seq, delivery.seq),
        eq(webhookDeliveries.status, 'pending'),
      ),
    )
    .orderBy(asc(webhookDeliveries.seq))
    .limit(1);
  return row;
}

export async function markEndpointSucceeded(tx: Db, id: string) {
  await tx
    .update(webhookEndpoints)
    .set({ failingSince: null })
    .where(and(eq(webhookEndpoints.id, id), sql`${webhookEndpoints.failingSince} is not null`));
}

/** Notes a failure; the endpoint row as it now stands. */
export async function markEndpointFailing(tx: Db, id: string, now: Date) {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  return row;
}

export async function disableEndpoint(tx: Db, id: string, reason: EndpointDisabledReason, now: Date) {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledAt: now, disabledReason: reason, updatedAt: now })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.enabled, true)))
    .returning();
  return row;
}

/**
 * The head of every chain that is due and not in flight: what a sweep after a crash (or a lost
 * job) kicks again. Heads only, so a chain is never overtaken.
 */
export async function dueChainHeads(
  db: Db,
  now: Date,
  options: { endpointId?: string; limit?: number } = {},
): Promise<string[]> {
  const endpoint = options.endpointId ? sql`and endpoint_id = ${options.endpointId}` : sql``;
  const rows = await db.execute(sql`
    select id from (
      select distinct on (endpoint_id, order_key) id, status, next_attempt_at, leased_until
      from ${webhookDeliveries}
      where status in ('pending', 'delivering') ${endpoint}
      order by endpoint_id, order_key, seq
    ) heads
    where next_attempt_at <= ${now.toISOString()}::timestamptz
      and (status = 'pending' or leased_until < ${now.toISOString()}::timestamptz)
    limit ${options.limit ?? 500}`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}

/** Deliveries whose lease is still live (a process died holding them): when each lapses. */
export async function leasedDeliveries(db: Db, now: Date) {
  return db
    .select({ id: webhookDeliveries.id, leasedUntil: webhookDeliveries.leasedUntil })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'delivering'), gt(webhookDeliveries.leasedUntil, now)))
    .limit(500);
}

/** Every event of an organization (or its subscription), oldest first, with how its deliveries went. */
export async function eventsOf(db: Db, where: { organizationId: string; subscriptionId: string }) {
  return db
    .select({
      id: events.id,
      type: events.type,
      createdAt: events.createdAt,
      deliveries: sql<number>`count(${webhookDeliveries.id})::int`,
      delivered: sql<number>`(count(${webhookDeliveries.id}) filter (where ${webhookDeliveries.status} = 'succeeded'))::int`,
    })
    .from(events)
    .leftJoin(webhookDeliveries, eq(webhookDeliveries.eventId, events.id))
    .where(
      or(eq(events.organizationId, where.organizationId), eq(events.subscriptionId, where.subscriptionId)),
    )
    .groupBy(events.id)
    .orderBy(asc(events.seq));
}
