import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type DeliveryStatus, events, webhookDeliveries, webhookEndpoints } from '../db/schema.ts';

export type NewEndpoint = typeof webhookEndpoints.$inferInsert;

export async function insertEndpoint(tx: Db, values: NewEndpoint) {
  const [row] = await tx.insert(webhookEndpoints).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function listEndpointRows(db: Db) {
  return db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt));
}

export async function findEndpoint(db: Db, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  const [row] = options.forUpdate ? await query.for('no key update') : await query;
  return row;
}

export async function updateEndpoint(tx: Db, id: string, values: Partial<NewEndpoint>) {
  const [row] = await tx.update(webhookEndpoints).set(values).where(eq(webhookEndpoints.id, id)).returning();
  return row;
}

export async function deleteEndpoint(tx: Db, id: string) {
  const [row] = await tx
    .delete(webhookEndpoints)
    .where(eq(webhookEndpoints.id, id))
    .returning({ id: webhookEndpoints.id });
  return row;
}

/** Each endpoint's delivery counts by status, for the list; or one endpoint's only. */
export async function deliveryCounts(db: Db, endpointId?: string) {
  const rows = await db
    .select({
      endpointId: webhookDeliveries.endpointId,
      status: webhookDeliveries.status,
      count: sql<number>`count(*)::int`,
      last: sql<Date | null>`max(${webhookDeliveries.lastAttemptAt})`,
    })
    .from(webhookDeliveries)
    .where(endpointId === undefined ? undefined : eq(webhookDeliveries.endpointId, endpointId))
    .groupBy(webhookDeliveries.endpointId, webhookDeliveries.status);
  return rows;
}

/** An endpoint's deliveries, newest first, keyset-paginated on `seq`. */
export async function deliveriesOf(
  db: Db,
  endpointId: string,
  filter: { status?: DeliveryStatus; beforeSeq?: number; limit: number },
) {
  return db
    .select({ delivery: webhookDeliveries, eventType: events.type })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
        filter.beforeSeq !== undefined ? lt(webhookDeliveries.seq, filter.beforeSeq) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.seq))
    .limit(filter.limit + 1);
}

export async function findDeliveryForUpdate(tx: Db, id: string) {
  const [row] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).for('update');
  return row;
}

export async function requeueDelivery(tx: Db, id: string, now: Date) {
  await tx
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: now, leasedUntil: null })
    .where(eq(webhookDeliveries.id, id));
}
