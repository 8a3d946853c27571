import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import { isConstant } from '../db/constants.ts';
import {
  type DeliveryStatus,
  events,
  webhookDeliveries,
  webhookDeliveryTallies,
  webhookEndpoints,
} from '../db/schema.ts';
import { tallySql } from '../events/queries.ts';

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

export type DeliveryCounts = {
  endpointId: string;
  pending: number;
  succeeded: number;
  failed: number;
  lastAttemptAt: Date | null;
};

/**
 * Each endpoint's deliveries by where they stand, for the list; or one endpoint's. Settled ones
 * come from the tallies kept as they settle (a few rows per endpoint); the ones still waiting are
 * counted in their partial index, which holds only the backlog. Neither reads the history.
 */
export async function deliveryCounts(db: Db, endpointId?: string): Promise<DeliveryCounts[]> {
  const only = (column: SQL) => (endpointId === undefined ? sql`true` : sql`${column} = ${endpointId}::uuid`);
  const rows = await queryRows<{
    endpoint_id: string;
    pending: number;
    succeeded: number | string;
    failed: number | string;
    last_attempt_at: Date | string | null;
  }>(
    db,
    sql`select e.id as endpoint_id, coalesce(w.pending, 0) as pending,
               coalesce(t.succeeded, 0) as succeeded, coalesce(t.failed, 0) as failed,
               greatest(t.last_attempt_at, w.last_attempt_at) as last_attempt_at
        from ${webhookEndpoints} e
        left join (
          select endpoint_id, sum(succeeded) as succeeded, sum(failed) as failed, max(last_attempt_at) as last_attempt_at
          from ${webhookDeliveryTallies} where ${only(sql`endpoint_id`)} group by endpoint_id
        ) t on t.endpoint_id = e.id
        left join (
          select endpoint_id, count(*)::int as pending, max(last_attempt_at) as last_attempt_at
          from ${webhookDeliveries} where status in ('pending', 'delivering') and ${only(sql`endpoint_id`)}
          group by endpoint_id
        ) w on w.endpoint_id = e.id
        where ${only(sql`e.id`)}`,
  );
  return rows.map((row) => ({
    endpointId: row.endpoint_id,
    pending: Number(row.pending),
    succeeded: Number(row.succeeded),
    failed: Number(row.failed),
    lastAttemptAt: row.last_attempt_at === null ? null : new Date(row.last_attempt_at),
  }));
}

/**
 * An endpoint's deliveries, newest first, keyset-paginated on `seq`. The status is written into
 * the statement, so that a generic plan can use its partial index (migrations 0019 and 0021).
 */
export function deliveriesOf(
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
        filter.status ? isConstant(webhookDeliveries.status, filter.status) : undefined,
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

/**
 * Sends a delivery again: it waits once more, so a settled one leaves its endpoint's tally in the
 * same statement (`delivery.status`: how it stood before).
 */
export async function requeueDelivery(tx: Db, delivery: { id: string; status: DeliveryStatus }, now: Date) {
  const requeued = tx
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: now, leasedUntil: null })
    .where(eq(webhookDeliveries.id, delivery.id))
    .returning({ endpointId: webhookDeliveries.endpointId });
  const succeeded = delivery.status === 'succeeded' ? -1 : 0;
  const failed = delivery.status === 'failed' ? -1 : 0;
  if (succeeded === 0 && failed === 0) {
    await requeued;
    return;
  }
  await tx.execute(
    sql`with requeued as (${requeued.getSQL()})
    ${tallySql(sql`select endpoint_id, ${succeeded}::bigint, ${failed}::bigint, null::timestamptz from requeued`)}`,
  );
}

/**
 * Removes up to `limit` deliveries that ended (delivered, or failed for good) before `cutoff`,
 * oldest first, and takes them out of their endpoints' tallies in the same statement, so the
 * console's counts stay those of the log it shows. One a staff member is sending again right
 * now is left alone (skip locked). The delete takes the ids as an array, not as a join: a join's
 * plan guesses the limit's rows and reads the whole table. How many it removed.
 */
export async function deleteSettledDeliveries(db: Db, cutoff: Date, limit: number): Promise<number> {
  const [row] = await queryRows<{ removed: number }>(
    db,
    sql`with doomed as (
          select id from ${webhookDeliveries}
          where status in ('succeeded', 'failed') and last_attempt_at < ${cutoff.toISOString()}::timestamptz
          order by last_attempt_at
          limit ${limit}::int
          for update skip locked
        ),
        removed as (
          delete from ${webhookDeliveries} d where d.id = any(array(select id from doomed))
          returning d.endpoint_id, d.status
        ),
        untallied as (${tallySql(sql`
          select endpoint_id, -(status = 'succeeded')::int, -(status = 'failed')::int, null::timestamptz
          from removed`)})
        select count(*)::int as removed from removed`,
  );
  return row?.removed ?? 0;
}
