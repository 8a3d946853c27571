import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { compile } from '../db/compiled.ts';
import { rehashedPassword } from '../db/queries.ts';
import { staffApiTokens, staffSessions, staffUsers } from '../db/schema.ts';
import type { Rehash } from '../security/passwords.ts';

export async function findStaffByEmail(db: Db, email: string) {
  const [row] = await db.select().from(staffUsers).where(sql`lower(${staffUsers.email}) = lower(${email})`);
  return row;
}

export async function insertStaffUser(
  db: Db,
  values: { email: string; name: string; passwordHash: string; roles: string[] },
) {
  const [row] = await db.insert(staffUsers).values(values).onConflictDoNothing().returning();
  return row;
}

export async function insertStaffSession(
  db: Db,
  values: { staffUserId: string; tokenHash: string; expiresAt: Date },
  now: Date,
) {
  await db.insert(staffSessions).values({ ...values, createdAt: now, lastSeenAt: now });
}

/** Who a session or an API token acts as. */
const owner = { id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, roles: staffUsers.roles };
type Owner = { id: string; email: string; name: string; roles: string[] };

/**
 * The staff member behind a live session (not past its absolute or idle expiry); built once
 * (`compile`), as every console request asks it.
 */
const staffBySession = compile<
  { tokenHash: string; now: Date; idleSince: Date },
  ({ sessionId: string; lastSeenAt: Date; signedInAt: Date } & Owner)[]
>(
  (db, p) =>
    db
      .select({
        sessionId: staffSessions.id,
        lastSeenAt: staffSessions.lastSeenAt,
        signedInAt: staffSessions.createdAt,
        ...owner,
      })
      .from(staffSessions)
      .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffUserId))
      .where(
        and(
          eq(staffSessions.tokenHash, p.tokenHash),
          gt(staffSessions.expiresAt, p.now),
          gt(staffSessions.lastSeenAt, p.idleSince),
        ),
      ),
  ['tokenHash', 'now', 'idleSince'],
);

export async function findStaffBySession(db: Db, tokenHash: string, now: Date, idleSince: Date) {
  const [row] = await staffBySession(db, { tokenHash, now, idleSince });
  return row;
}

export async function touchStaffSession(db: Db, sessionId: string, now: Date) {
  await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, sessionId));
}

export async function deleteStaffSession(db: Db, tokenHash: string) {
  await db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
}

export async function insertStaffApiToken(
  db: Db,
  values: { staffUserId: string; name: string; tokenHash: string; scopes: string[]; expiresAt: Date },
) {
  const [row] = await db
    .insert(staffApiTokens)
    .values(values)
    .returning({ id: staffApiTokens.id, createdAt: staffApiTokens.createdAt });
  return row;
}

/** The owner of a live token (not revoked, not expired), with the token's scopes; built once. */
const staffByApiToken = compile<
  { tokenHash: string; now: Date },
  ({ tokenId: string; lastUsedAt: Date | null; scopes: string[] } & Owner)[]
>(
  (db, p) =>
    db
      .select({
        tokenId: staffApiTokens.id,
        lastUsedAt: staffApiTokens.lastUsedAt,
        scopes: staffApiTokens.scopes,
        ...owner,
      })
      .from(staffApiTokens)
      .innerJoin(staffUsers, eq(staffUsers.id, staffApiTokens.staffUserId))
      .where(
        and(
          eq(staffApiTokens.tokenHash, p.tokenHash),
          isNull(staffApiTokens.revokedAt),
          gt(staffApiTokens.expiresAt, p.now),
        ),
      ),
  ['tokenHash', 'now'],
);

export async function findStaffByApiToken(db: Db, tokenHash: string, now: Date) {
  const [row] = await staffByApiToken(db, { tokenHash, now });
  return row;
}

const tokenColumns = {
  id: staffApiTokens.id,
  name: staffApiTokens.name,
  scopes: staffApiTokens.scopes,
  createdAt: staffApiTokens.createdAt,
  expiresAt: staffApiTokens.expiresAt,
  lastUsedAt: staffApiTokens.lastUsedAt,
  revokedAt: staffApiTokens.revokedAt,
  ownerId: staffUsers.id,
  ownerEmail: staffUsers.email,
};

/** API tokens, newest first: one member's, or everyone's when `staffUserId` is undefined. */
export async function listStaffApiTokens(db: Db, staffUserId: string | undefined) {
  return db
    .select(tokenColumns)
    .from(staffApiTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, staffApiTokens.staffUserId))
    .where(staffUserId ? eq(staffApiTokens.staffUserId, staffUserId) : undefined)
    .orderBy(desc(staffApiTokens.createdAt))
    .limit(500);
}

/** Revokes one token (of `staffUserId` unless undefined); undefined when there is no such token. */
export async function revokeStaffApiToken(db: Db, id: string, staffUserId: string | undefined, now: Date) {
  const [row] = await db
    .update(staffApiTokens)
    .set({ revokedAt: sql`coalesce(${staffApiTokens.revokedAt}, ${now.toISOString()}::timestamptz)` })
    .where(
      and(eq(staffApiTokens.id, id), staffUserId ? eq(staffApiTokens.staffUserId, staffUserId) : undefined),
    )
    .returning({ id: staffApiTokens.id, name: staffApiTokens.name, staffUserId: staffApiTokens.staffUserId });
  return row;
}

/** Ends every session of a member and revokes every token: after a password reset. */
export async function endStaffAccess(db: Db, staffUserId: string, now: Date) {
  const sessions = await db
    .delete(staffSessions)
    .where(eq(staffSessions.staffUserId, staffUserId))
    .returning({ id: staffSessions.id });
  const tokens = await db
    .update(staffApiTokens)
    .set({ revokedAt: now })
    .where(and(eq(staffApiTokens.staffUserId, staffUserId), isNull(staffApiTokens.revokedAt)))
    .returning({ id: staffApiTokens.id });
  return { sessions: sessions.length, tokens: tokens.length };
}

export async function touchStaffApiToken(db: Db, tokenId: string, now: Date) {
  await db.update(staffApiTokens).set({ lastUsedAt: now }).where(eq(staffApiTokens.id, tokenId));
}

/** A staff sign-in's password hash with today's parameters (see `rehashedPassword`). */
export async function rehashStaffPassword(db: Db, id: string, rehash: Rehash) {
  await db
    .update(staffUsers)
    .set({ passwordHash: rehashedPassword(staffUsers.passwordHash, rehash) })
    .where(eq(staffUsers.id, id));
}

export async function updateStaffCredentials(
  db: Db,
  id: string,
  values: { passwordHash: string; roles?: string[] },
) {
  await db
    .update(staffUsers)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(staffUsers.id, id));
}

/** A staff member's name and email, for "verified by" and "cancelled by". */
export async function staffName(db: Db, id: string | null) {
  if (!id) return null;
  const [row] = await db
    .select({ name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .where(eq(staffUsers.id, id));
  return row ?? null;
}
