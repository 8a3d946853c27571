import {
  bigint,
  bigserial,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/** Tables of `0005_events.sql` (the new run_steps and email_outbox columns are in schema.ts). */

/** The body every receiver gets (Standard Webhooks): `{type, timestamp, data}`. */
export type EventPayload = { type: string; timestamp: string; data: Record<string, unknown> };

export const events = pgTable('events', {
  id: text('id').primaryKey(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  type: text('type').notNull(),
  subscriptionId: uuid('subscription_id'),
  organizationId: uuid('organization_id'),
  payload: jsonb('payload').$type<EventPayload>().notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});

export type EndpointDisabledReason = 'manual' | 'gone' | 'failing';

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description'),
  eventTypes: text('event_types').array().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretUntil: at('previous_secret_until'),
  failingSince: at('failing_since'),
  disabledAt: at('disabled_at'),
  disabledReason: text('disabled_reason').$type<EndpointDisabledReason>(),
  createdBy: uuid('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed';

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  eventId: text('event_id').notNull(),
  endpointId: uuid('endpoint_id').notNull(),
  orderKey: text('order_key').notNull(),
  status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
  leasedUntil: at('leased_until'),
  lastAttemptAt: at('last_attempt_at'),
  responseStatus: integer('response_status'),
  responseBody: text('response_body'),
  latencyMs: integer('latency_ms'),
  lastError: text('last_error'),
  createdAt: at('created_at').notNull().defaultNow(),
  deliveredAt: at('delivered_at'),
});

/** Settled deliveries per endpoint, spread over slots (0020_webhook_delivery_tallies.sql). */
export const webhookDeliveryTallies = pgTable(
  'webhook_delivery_tallies',
  {
    endpointId: uuid('endpoint_id').notNull(),
    slot: smallint('slot').notNull(),
    succeeded: bigint('succeeded', { mode: 'number' }).notNull().default(0),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
    lastAttemptAt: at('last_attempt_at'),
  },
  (table) => [primaryKey({ columns: [table.endpointId, table.slot] })],
);

export type EventRow = typeof events.$inferSelect;
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
