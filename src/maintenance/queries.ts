import { lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { staffSessions } from '../db/schema.ts';

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  const idleCutoff = new Date(now.getTime() - 24 * 3600_000);
  await db
    .delete(staffSessions)
    .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, idleCutoff)));
}
