import type { Db } from '../db/client.ts';
import { CommitBatch } from '../db/commit-hooks.ts';
import type { QueuedEvent } from '../db/schema.ts';
import type { WakeIf } from '../jobs/wake.ts';
import { newRandomId } from '../security/tokens.ts';
import { type EventType, testEventType } from './catalog.ts';
import {
  type EventCtes,
  eventsJson,
  eventsJsonValue,
  eventsWithDeliveriesCtes,
  insertDeliveries,
  insertEvent,
  insertEventsWithDeliveries,
  type NewEventRow,
} from './queries.ts';

/** What records events: the clock, and the wake of the processes that deliver webhooks. */
export type EventContext = { webhooks: WebhookWake; now(): Date };

type WebhookWake = { wakeAtCommit(tx: Db): Promise<void>; wakeIf(tx: Db): WakeIf };

export type NewEvent = {
  type: EventType;
  subscriptionId: string | null;
  organizationId?: string | null;
  data: Record<string, unknown>;
};

/** `msg_` and 128 random bits: the `webhook-id` receivers deduplicate by. */
function newEventId(): string {
  return `msg_${newRandomId(16)}`;
}

type QueuedRow = { event: NewEventRow; webhooks: WebhookWake };

/** One wake for all of a transaction's deliveries: whichever process it wakes claims what is due. */
async function nudge(tx: Db, queued: QueuedRow[], deliveries: number): Promise<void> {
  const webhooks = queued[0]?.webhooks;
  if (deliveries > 0 && webhooks) await webhooks.wakeAtCommit(tx);
}

/**
 * A transaction's events, written with their deliveries just before it commits, in the
 * statement that writes its audit rows too.
 */
const eventBatch = new CommitBatch<Db, QueuedRow>({
  write: async (tx, queued) =>
    nudge(
      tx,
      queued,
      await insertEventsWithDeliveries(
        tx,
        queued.map((q) => q.event),
      ),
    ),
  part: (tx, queued) => {
    const wake = queued[0]?.webhooks.wakeIf(tx);
    return {
      shape: `events ${wake?.shape ?? ''}`,
      build: (value) => {
        const { ctes, deliveries } = eventsWithDeliveriesCtes(value('rows'));
        return { ctes, scalar: wake ? wake.scalar(deliveries) : deliveries };
      },
      values: { rows: eventsJson(queued.map((q) => q.event)) },
      ...(wake?.afterwards ? { afterwards: wake.afterwards } : {}),
    };
  },
});

/**
 * Records an event in the caller's transaction (the outbox), with one delivery per enabled
 * endpoint subscribed to its type and the job that delivers it: all of it exists exactly when
 * the change commits, so a rolled-back change never emits. Deliveries of one subscription (and
 * so one organization) reach an endpoint in order. A transaction's events are written together,
 * in one statement just before it commits.
 */
export async function recordEvent(tx: Db, ctx: EventContext, event: NewEvent): Promise<string> {
  const row = eventRow(event, ctx.now());
  await eventBatch.add(tx, [{ event: row, webhooks: ctx.webhooks }]);
  return row.id;
}

/** The row of a new event that happens at `now`, with its id. */
function eventRow(event: NewEvent, now: Date): NewEventRow {
  const id = newEventId();
  return {
    id,
    type: event.type,
    subscriptionId: event.subscriptionId,
    organizationId: event.organizationId ?? null,
    payload: { type: event.type, timestamp: now.toISOString(), data: event.data },
    createdAt: now,
    orderKey: event.subscriptionId ?? event.organizationId ?? id,
  };
}

/**
 * Records an event queued earlier (an email's "sent" event), now that what it announces
 * happened: `write` makes the change and records the event in one statement (`ctes` record
 * it) and answers how many webhook deliveries it made; if any, a dispatcher is nudged.
 */
export async function recordQueuedEvent<T extends { deliveries: number }>(
  ctx: EventContext & { db: Db },
  event: QueuedEvent,
  write: (ctes: EventCtes) => Promise<T>,
): Promise<T> {
  const result = await write(
    eventsWithDeliveriesCtes(eventsJsonValue([eventRow(event as NewEvent, ctx.now())])),
  );
  // Written already: the wake is at once. If it is lost, the minute sweep finds the deliveries.
  if (result.deliveries > 0) await ctx.webhooks.wakeAtCommit(ctx.db);
  return result;
}

async function queueDeliveries(
  tx: Db,
  ctx: EventContext,
  eventId: string,
  endpointIds: readonly string[],
  orderKey: string,
): Promise<string[]> {
  const now = ctx.now();
  const ids = await insertDeliveries(
    tx,
    endpointIds.map((endpointId) => ({ eventId, endpointId, orderKey, nextAttemptAt: now, createdAt: now })),
  );
  // One wake per transaction: whichever process it wakes claims what is due, this and more.
  if (ids.length > 0) await ctx.webhooks.wakeAtCommit(tx);
  return ids;
}

/** "Send test event": a `webhook.test` event for one endpoint only, delivered like any other. */
export async function recordTestEvent(
  tx: Db,
  ctx: EventContext,
  endpointId: string,
): Promise<{ eventId: string; deliveryId: string }> {
  const now = ctx.now();
  const id = newEventId();
  await insertEvent(tx, {
    id,
    type: testEventType,
    subscriptionId: null,
    organizationId: null,
    payload: {
      type: testEventType,
      timestamp: now.toISOString(),
      data: { endpointId, message: 'A test event from Onramp: your endpoint receives and verifies events.' },
    },
    createdAt: now,
  });
  const [deliveryId] = await queueDeliveries(tx, ctx, id, [endpointId], id);
  if (!deliveryId) throw new Error('the test delivery was not created');
  return { eventId: id, deliveryId };
}
