import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { isConstant } from '../db/constants.ts';
import { organizations, subscriptions, verificationChecks } from '../db/schema.ts';
import { type CheckResult, checkKeys } from './checks.ts';

export async function storeChecks(tx: Db, organizationId: string, results: CheckResult[], now: Date) {
  await tx
    .insert(verificationChecks)
    .values(
      results.map((r) => ({
        organizationId,
        key: r.key,
        status: r.status,
        detail: r.detail,
        checkedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [verificationChecks.organizationId, verificationChecks.key],
      set: {
        status: sql`excluded.status`,
        detail: sql`excluded.detail`,
        checkedAt: sql`excluded.checked_at`,
      },
    });
}

/** The stored results, in the order the checks are listed (see `checkKeys`). */
export async function storedChecks(db: Db, organizationId: string) {
  const rows = await db
    .select({
      key: verificationChecks.key,
      status: verificationChecks.status,
      detail: verificationChecks.detail,
      checkedAt: verificationChecks.checkedAt,
    })
    .from(verificationChecks)
    .where(eq(verificationChecks.organizationId, organizationId));
  const order = (key: string) => (checkKeys as readonly string[]).indexOf(key);
  return rows.sort((a, b) => order(a.key) - order(b.key));
}

/** The CX queue's rows: organizations awaiting verification, oldest first by when setup finished. */
export async function awaitingVerification(db: Db, limit: number) {
  return db
    .select({
      organization: organizations,
      company: subscriptions.company,
      contactEmail: subscriptions.contactEmail,
    })
    .from(organizations)
    .innerJoin(subscriptions, eq(subscriptions.id, organizations.subscriptionId))
    .where(and(isConstant(organizations.verification, 'pending'), ne(organizations.state, 'deleted')))
    .orderBy(sql`${organizations.setupDoneAt} asc nulls last`, asc(organizations.createdAt))
    .limit(limit);
}

/** The stored check results of several organizations. */
export async function checksOf(db: Db, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db
    .select()
    .from(verificationChecks)
    .where(inArray(verificationChecks.organizationId, organizationIds));
}
