import { asc, eq, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';

export type NewAuditEvent = typeof auditEvents.$inferInsert;

export async function insertAuditEvents(tx: Db, rows: NewAuditEvent[]): Promise<void> {
  await tx.insert(auditEvents).values(rows);
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
