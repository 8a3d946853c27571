import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customerSessions, customerUsers, organizations } from '../db/schema.ts';
import { failedSignInUpdate } from '../security/lockout.ts';

/** States in which an organization's people can sign in. */
export const signInStates = ['provisioning', 'active'] as const;

/** Every account of an email address, in organizations that accept sign-ins. */
export async function accountsOfEmail(db: Db, email: string) {
  return db
    .select({
      id: customerUsers.id,
      email: customerUsers.email,
      passwordHash: customerUsers.passwordHash,
      lockedUntil: customerUsers.lockedUntil,
      lastLoginAt: customerUsers.lastLoginAt,
      organizationId: organizations.id,
      organizationName: organizations.name,
      shortName: organizations.shortName,
      region: organizations.region,
    })
    .from(customerUsers)
    .innerJoin(organizations, eq(organizations.id, customerUsers.organizationId))
    .where(
      and(
        sql`lower(${customerUsers.email}) = lower(${email})`,
        inArray(organizations.state, [...signInStates]),
      ),
    )
    .orderBy(organizations.shortName, organizations.region);
}

export async function recordCustomerLoginFailure(db: Db, userId: string, now: Date) {
  const [row] = await db
    .update(customerUsers)
    .set(failedSignInUpdate(customerUsers, now))
    .where(eq(customerUsers.id, userId))
    .returning({ lockedUntil: customerUsers.lockedUntil });
  return row;
}

export async function recordCustomerLogin(db: Db, userId: string, now: Date) {
  const [row] = await db
    .update(customerUsers)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
    .where(eq(customerUsers.id, userId))
    .returning();
  return row;
}

export async function insertCustomerSession(
  db: Db,
  values: { userId: string; organizationId: string; tokenHash: string; expiresAt: Date },
  now: Date,
) {
  await db.insert(customerSessions).values({ ...values, createdAt: now, lastSeenAt: now });
}

/** The user and organization behind a live session (within absolute and idle expiry). */
export async function findCustomerBySession(db: Db, tokenHash: string, now: Date, idleSince: Date) {
  const [row] = await db
    .select({
      sessionId: customerSessions.id,
      lastSeenAt: customerSessions.lastSeenAt,
      user: customerUsers,
      organization: organizations,
    })
    .from(customerSessions)
    .innerJoin(customerUsers, eq(customerUsers.id, customerSessions.userId))
    .innerJoin(organizations, eq(organizations.id, customerSessions.organizationId))
    .where(
      and(
        eq(customerSessions.tokenHash, tokenHash),
        gt(customerSessions.expiresAt, now),
        gt(customerSessions.lastSeenAt, idleSince),
        inArray(organizations.state, [...signInStates]),
      ),
    );
  return row;
}

export async function touchCustomerSession(db: Db, sessionId: string, now: Date) {
  await db.update(customerSessions).set({ lastSeenAt: now }).where(eq(customerSessions.id, sessionId));
}

export async function deleteCustomerSession(db: Db, tokenHash: string) {
  await db.delete(customerSessions).where(eq(customerSessions.tokenHash, tokenHash));
}

export async function findOrganization(db: Db, organizationId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, organizationId));
  return row;
}
