import type { Db } from '../db/client.ts';
import { CommitBatch } from '../db/commit-hooks.ts';
import type { ActorType } from '../db/schema.ts';
import { auditRowsCte, auditRowsJson, insertAuditEvents, type NewAuditEvent } from './queries.ts';

/** Who did something: a staff member, a customer, the system itself, or an anonymous visitor. */
type Actor =
  | { type: 'staff'; id: string; email: string }
  | { type: 'customer'; id: string; organizationId: string; email: string }
  | { type: 'system' }
  | { type: 'anonymous'; ip?: string };

/** The actor and the request a use case runs for, recorded on every audit event it writes. */
export type Origin = { actor: Actor; requestId?: string };

export const systemOrigin: Origin = { actor: { type: 'system' } };

export type AuditEvent = {
  action: string;
  subscriptionId?: string | null;
  organizationId?: string | null;
  data?: Record<string, unknown>;
};

/** Appends an audit event in the caller's transaction: it exists exactly when the change does. */
export async function recordAudit(tx: Db, origin: Origin, event: AuditEvent): Promise<void> {
  await recordAudits(tx, origin, [event]);
}

/** A transaction's audit rows, written just before it commits, with its events (one statement). */
const auditBatch = new CommitBatch<Db, NewAuditEvent>({
  write: insertAuditEvents,
  part: (_tx, rows) => ({
    shape: 'audit_rows',
    build: (value) => ({ ctes: auditRowsCte(value('rows')) }),
    values: { rows: auditRowsJson(rows) },
  }),
});

/**
 * Several audit events of one change, in order. In a transaction they are written with the
 * transaction's other audit events, in one statement just before it commits.
 */
export async function recordAudits(tx: Db, origin: Origin, events: AuditEvent[]): Promise<void> {
  await auditBatch.add(
    tx,
    events.map((event) => auditRow(origin, event)),
  );
}

function auditRow(origin: Origin, event: AuditEvent): NewAuditEvent {
  const actor = origin.actor;
  return {
    actorType: actor.type satisfies ActorType,
    actorId: actor.type === 'staff' || actor.type === 'customer' ? actor.id : null,
    action: event.action,
    subscriptionId: event.subscriptionId ?? null,
    organizationId: event.organizationId ?? null,
    requestId: origin.requestId ?? null,
    data: {
      ...(actor.type === 'staff' || actor.type === 'customer' ? { actorEmail: actor.email } : {}),
      ...(actor.type === 'anonymous' && actor.ip ? { ip: actor.ip } : {}),
      ...event.data,
    },
  };
}
