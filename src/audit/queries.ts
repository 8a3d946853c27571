import { asc, eq, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

/**
 * Appends audit rows in order, in one statement with one parameter (the rows as JSON): a
 * transaction's rows go together, and building a bound parameter per column was most of the
 * cost of writing them.
 */
export async function insertAuditEvents(tx: Db, rows: NewAuditEvent[]): Promise<void> {
  await tx.execute(sql`with ${auditRowsCte(sql`${auditRowsJson(rows)}`)} select 1`);
}

/** The rows of `auditRowsCte` as its one JSON value. */
export function auditRowsJson(rows: readonly NewAuditEvent[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      actor_type: row.actorType,
      actor_id: row.actorId ?? null,
      action: row.action,
      subscription_id: row.subscriptionId ?? null,
      organization_id: row.organizationId ?? null,
      request_id: row.requestId ?? null,
      data: row.data ?? {},
    })),
  );
}

/** The common table expression `audit_rows` that appends the rows `json` holds (`auditRowsJson`). */
export function auditRowsCte(json: SQLWrapper): SQL {
  return sql`audit_rows as (
    insert into ${auditEvents} (actor_type, actor_id, action, subscription_id, organization_id, request_id, data)
    select r.actor_type, r.actor_id, r.action, r.subscription_id, r.organization_id, r.request_id, r.data
    from json_populate_recordset(null::audit_events, ${json}::json) with ordinality as r
    order by r.ordinality)`;
}

/** An organization's trail, including its subscription's events from before it existed. */
export async function auditTrail(db: Db, organizationId: string, subscriptionId: string) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(or(eq(auditEvents.organizationId, organizationId), eq(auditEvents.subscriptionId, subscriptionId)))
    .orderBy(asc(auditEvents.id));
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurredAt,
    actorType: row.actorType,
    actorId: row.actorId,
    actorEmail: typeof row.data.actorEmail === 'string' ? row.data.actorEmail : null,
    action: row.action,
    requestId: row.requestId,
    data: row.data,
  }));
}

export type AuditRow = Awaited<ReturnType<typeof auditTrail>>[number];
