import { sql } from 'drizzle-orm';
import type { TestApp } from './app.ts';
import { rows } from './sql.ts';

/** A time `fromNowMs` away, as the application writes times: from its clock, to the millisecond. */
export const fromNow = (fromNowMs: number) => new Date(Date.now() + fromNowMs).toISOString();

/** A webhook endpoint written directly (no secret checks, no audit); its id. */
export async function insertEndpoint(app: TestApp, enabled = true): Promise<string> {
  const [row] = await rows<{ id: string }>(
    app,
    sql`insert into webhook_endpoints (url, event_types, secret, enabled)
        values ('https://receiver.test/hooks', '{subscription.created}', 'whsec_test', ${enabled})
        returning id`,
  );
  return row?.id ?? '';
}

/** A delivery to `endpointId` of a new event, in the chain `key`; its id. */
export async function insertDelivery(
  app: TestApp,
  endpointId: string,
  key: string,
  state: { status?: string; dueInMs?: number; leasedForMs?: number; attempts?: number } = {},
): Promise<string> {
  const { status = 'pending', dueInMs = 0, leasedForMs, attempts = 0 } = state;
  const [row] = await rows<{ id: string }>(
    app,
    sql`with event as (
          insert into events (id, type, payload)
          values (gen_random_uuid()::text, 'subscription.created', '{"type":"subscription.created","timestamp":"","data":{}}')
          returning id
        )
        insert into webhook_deliveries (event_id, endpoint_id, order_key, status, attempts, next_attempt_at, leased_until)
        select event.id, ${endpointId}::uuid, ${key}, ${status}, ${attempts}, ${fromNow(dueInMs)}::timestamptz,
               ${leasedForMs === undefined ? null : fromNow(leasedForMs)}::timestamptz
        from event
        returning id`,
  );
  return row?.id ?? '';
}

/**
 * `count` deliveries to `endpointId` of new events named `prefix-i`, in 1,000 chains taking turns
 * (last tried at `lastAttemptAt`, if given).
 */
export async function insertManyDeliveries(
  app: TestApp,
  endpointId: string,
  prefix: string,
  count: number,
  state: { status: string; dueAt: string; lastAttemptAt?: string },
): Promise<void> {
  await rows(
    app,
    sql`with made as (
          insert into events (id, type, payload)
          select ${prefix} || '-' || i, 'subscription.created', '{"type":"subscription.created","timestamp":"","data":{}}'
          from generate_series(1, ${count}::int) i
          returning id
        )
        insert into webhook_deliveries (event_id, endpoint_id, order_key, status, next_attempt_at, last_attempt_at)
        select id, ${endpointId}::uuid, 'org-' || (split_part(id, '-', 2)::int % 1000), ${state.status}, ${state.dueAt}::timestamptz,
               ${state.lastAttemptAt ?? null}::timestamptz
        from made
        order by split_part(id, '-', 2)::int`,
  );
}

/** No endpoints and no deliveries: each test of the webhook tables starts from nothing. */
export async function emptyWebhookTables(app: TestApp): Promise<void> {
  await rows(app, sql`delete from webhook_deliveries`);
  await rows(app, sql`delete from webhook_endpoints`);
}
