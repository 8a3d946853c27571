import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { staffSsoRequests, staffUsers } from '../db/schema.ts';

export async function insertSsoRequest(db: Db, values: typeof staffSsoRequests.$inferInsert) {
  await db.insert(staffSsoRequests).values(values);
}

/** Takes (deletes and returns) the sign-in a browser started: each one is answered once. */
export async function takeSsoRequest(db: Db, bindingHash: string) {
  const [row] = await db
    .delete(staffSsoRequests)
    .where(eq(staffSsoRequests.bindingHash, bindingHash))
    .returning();
  return row;
}

export async function deleteExpiredSsoRequests(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(staffSsoRequests)
    .where(lt(staffSsoRequests.expiresAt, now))
    .returning({ id: staffSsoRequests.id });
  return rows.length;
}

/** The member a provider account is linked to, else the member with that email (to link). */
export async function findStaffForSso(db: Db, issuer: string, subject: string, email: string) {
  const [linked] = await db
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.oidcIssuer, issuer), eq(staffUsers.oidcSubject, subject)));
  if (linked) return linked;
  const [byEmail] = await db
    .select()
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = lower(${email})`);
  return byEmail;
}

export async function insertSsoStaffUser(
  db: Db,
  values: { email: string; name: string; roles: string[]; oidcIssuer: string; oidcSubject: string },
) {
  const [row] = await db.insert(staffUsers).values(values).onConflictDoNothing().returning();
  return row;
}

/** The provider is the source of truth for roles and name; the link is set on first use. */
export async function updateStaffFromSso(
  db: Db,
  id: string,
  values: { name: string; roles: string[]; oidcIssuer: string; oidcSubject: string },
  now: Date,
) {
  const [row] = await db
    .update(staffUsers)
    .set({ ...values, updatedAt: now })
    .where(eq(staffUsers.id, id))
    .returning();
  return row;
}
