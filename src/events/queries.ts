import { and, asc, eq, inArray, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import {
  type EndpointDisabledReason,
  type EventPayload,
  events,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
  webhookDeliveries,
  webhookDeliveryTallies,
  webhookEndpoints,
} from '../db/schema.ts';

export type NewEventRow = {
  id: string;
  type: string;
  subscriptionId: string | null;
  organizationId: string | null;
  payload: EventPayload;
  createdAt: Date;
  orderKey: string;
};

/** An event without deliveries (the caller adds the one it wants). */
export async function insertEvent(tx: Db, values: Omit<NewEventRow, 'orderKey'>) {
  await tx.insert(events).values(values);
}

/** Common table expressions to splice into a statement's WITH list, and the count of deliveries they make. */
export type EventCtes = { ctes: SQL; deliveries: SQL };

/**
 * The common table expressions that record events in order and one delivery of each to every
 * enabled endpoint subscribed to its type (`delivery`, one row each): for a statement that
 * does something else as well (an email marked sent and its "sent" event, in one round trip).
 */
export function eventsWithDeliveriesCtes(json: SQLWrapper): EventCtes {
  const ctes = sql`input as (
      select * from rows from (
        json_to_recordset(${json}::json)
          as (id text, type text, subscription_id uuid, organization_id uuid, payload jsonb,
              created_at timestamptz, order_key text)
      ) with ordinality as x(id, type, subscription_id, organization_id, payload, created_at, order_key, n)
    ), event as (
      insert into ${events} (id, type, subscription_id, organization_id, payload, created_at)
      select id, type, subscription_id, organization_id, payload, created_at from input order by n
      returning id
    ), delivery as (
      insert into ${webhookDeliveries} (event_id, endpoint_id, order_key, next_attempt_at, created_at)
      select event.id, endpoint.id, input.order_key, input.created_at, input.created_at
      from input join event on event.id = input.id
        join ${webhookEndpoints} endpoint on endpoint.enabled and input.type = any(endpoint.event_types)
      order by input.n, endpoint.id
      returning 1
    )`;
  return { ctes, deliveries: sql`(select count(*)::int from delivery)` };
}

/** The rows of `eventsWithDeliveriesCtes` as its one JSON value. */
export function eventsJson(rows: readonly NewEventRow[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      type: row.type,
      subscription_id: row.subscriptionId,
      organization_id: row.organizationId,
      payload: row.payload,
      created_at: row.createdAt.toISOString(),
      order_key: row.orderKey,
    })),
  );
}

/** `eventsJson` as a value of a statement made at once. */
export function eventsJsonValue(rows: readonly NewEventRow[]): SQL {
  return sql`${eventsJson(rows)}`;
}

/**
 * Records events with their deliveries (see `eventsWithDeliveriesCtes`); how many deliveries it
 * made. One round trip for all the events of a transaction, since every state change makes one.
 */
export async function insertEventsWithDeliveries(tx: Db, rows: readonly NewEventRow[]): Promise<number> {
  const { ctes, deliveries } = eventsWithDeliveriesCtes(eventsJsonValue(rows));
  const result = await tx.execute(sql`with ${ctes} select ${deliveries} as deliveries`);
  return (result as unknown as { rows: { deliveries: number }[] }).rows[0]?.deliveries ?? 0;
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

/** A claimed delivery with what its attempt needs: its endpoint and its event's payload. */
export type ClaimedDelivery = {
  delivery: WebhookDeliveryRow;
  endpoint: WebhookEndpointRow;
  payload: EventPayload;
};

/**
 * Claims up to `limit` deliveries for an attempt, in one statement: each the head of its chain
 * (every earlier delivery to its endpoint for its organization is settled), due, at an enabled
 * endpoint with fewer than `perEndpoint` attempts in flight. Each endpoint's pending deliveries
 * are walked in order only until enough are found (migration 0019), so a claim costs what it
 * takes, not the backlog. SKIP LOCKED lets several processes claim side by side without ever
 * taking one delivery twice; the lease keeps it theirs until the attempt must be over (a process
 * that dies mid-attempt gives it back when it lapses). The claim commits on its own; one more
 * statement reads what it took.
 */
export async function claimDueDeliveries(
  db: Db,
  options: { now: Date; leasedUntil: Date; limit: number; perEndpoint: number },
): Promise<ClaimedDelivery[]> {
  const now = options.now.toISOString();
  const { perEndpoint } = options;
  // `d` is the first open delivery of its chain (looked up in the chains' own index).
  const isHead = sql`d.seq = (
    select p.seq from ${webhookDeliveries} p
    where p.endpoint_id = d.endpoint_id and p.order_key = d.order_key and p.status in ('pending', 'delivering')
    order by p.order_key, p.seq
    limit 1)`;
  // Each enabled endpoint with its attempts under way, and up to its free places of `which`.
  const headsAt = (which: SQL, order: SQL) => sql`
      select e.id as endpoint_id, busy.n as busy, head.id, head.seq
      from ${webhookEndpoints} e
      cross join lateral (
        select count(*)::int as n from ${webhookDeliveries} f
        where f.endpoint_id = e.id and f.status = 'delivering' and f.leased_until > ${now}::timestamptz
      ) busy
      cross join lateral (
        select d.id, d.seq from ${webhookDeliveries} d
        where d.endpoint_id = e.id and ${which} and ${isHead}
        order by ${order}
        limit greatest(${perEndpoint}::int - busy.n, 0)
        for update of d skip locked
      ) head
      where e.enabled`;
  const result = await db.execute(sql`
    with pending as (${headsAt(sql`d.status = 'pending' and d.next_attempt_at <= ${now}::timestamptz`, sql`d.seq`)}),
    -- Attempts whose process died with them: claimable again once their lease lapsed.
    lapsed as (${headsAt(sql`d.status = 'delivering' and d.leased_until < ${now}::timestamptz`, sql`d.leased_until`)}),
    candidates as (select * from pending union all select * from lapsed),
    chosen as (
      select id from (
        select id, seq, busy, row_number() over (partition by endpoint_id order by seq) as rank
        from candidates
      ) ranked
      where rank <= ${perEndpoint}::int - busy
      order by seq
      limit ${options.limit}
    )
    update ${webhookDeliveries} d
    set status = 'delivering', attempts = d.attempts + 1,
        leased_until = ${options.leasedUntil.toISOString()}::timestamptz, last_attempt_at = ${now}::timestamptz
    from chosen
    where d.id = chosen.id and (d.status = 'pending' or d.leased_until < ${now}::timestamptz)
    returning d.id`);
  const ids = (result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, payload: events.payload })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(inArray(webhookDeliveries.id, ids))
    .orderBy(asc(webhookDeliveries.seq));
}

/**
 * Records an attempt's outcome, only if this attempt still holds the delivery (a worker whose
 * lease lapsed and was taken over must not overwrite the newer attempt); a delivery that ends
 * here (succeeded, or failed for good) is counted in its endpoint's tally in the same statement.
 * Whether it was recorded.
 */
export async function settleAttempt(
  tx: Db,
  id: string,
  attempt: number,
  values: Partial<typeof webhookDeliveries.$inferInsert>,
): Promise<boolean> {
  const settled = tx
    .update(webhookDeliveries)
    .set({ ...values, leasedUntil: null })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        eq(webhookDeliveries.status, 'delivering'),
        eq(webhookDeliveries.attempts, attempt),
      ),
    )
    .returning({
      endpointId: webhookDeliveries.endpointId,
      status: webhookDeliveries.status,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
    });
  const [row] = await queryRows<{ settled: number }>(
    tx,
    sql`with settled as (${settled.getSQL()}),
    tallied as (${tallySql(sql`
      select endpoint_id, (status = 'succeeded')::int, (status = 'failed')::int, last_attempt_at
      from settled where status in ('succeeded', 'failed')`)})
    select count(*)::int as settled from settled`,
  );
  return (row?.settled ?? 0) > 0;
}

/**
 * Adds `rows` (endpoint_id, succeeded, failed, last_attempt_at) to their endpoints' tallies, in a
 * slot chosen at random, so that attempts settling at once at one endpoint rarely wait for one
 * another's row.
 */
export function tallySql(rows: SQL): SQL {
  return sql`
    insert into ${webhookDeliveryTallies} as t (endpoint_id, slot, succeeded, failed, last_attempt_at)
    select r.endpoint_id, floor(random() * 16)::smallint, sum(r.succeeded), sum(r.failed), max(r.last_attempt_at)
    from (${rows}) r (endpoint_id, succeeded, failed, last_attempt_at)
    group by r.endpoint_id
    on conflict (endpoint_id, slot) do update
    set succeeded = t.succeeded + excluded.succeeded, failed = t.failed + excluded.failed,
        last_attempt_at = greatest(t.last_attempt_at, excluded.last_attempt_at)`;
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
 * When the next delivery falls due or the next lease lapses, if any delivery waits. The earliest
 * due is the first entry of the due index, and leases are only the attempts under way: neither
 * reads the backlog.
 */
export async function nextWaitingAt(db: Db): Promise<Date | undefined> {
  const [row] = await queryRows<{ at: string | Date | null }>(
    db,
    sql`select least(
          (select next_attempt_at from ${webhookDeliveries}
           where status = 'pending' order by next_attempt_at limit 1),
          (select min(leased_until) from ${webhookDeliveries} where status = 'delivering')
        ) as at`,
  );
  return row?.at ? new Date(row.at) : undefined;
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
