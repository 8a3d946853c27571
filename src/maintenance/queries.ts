import { lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customerSessions, staffSessions } from '../db/schema.ts';
import { sessionPolicy } from '../security/sessions.ts';

/** Sessions of both realms past their absolute or idle expiry. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  const idleCutoff = new Date(now.getTime() - sessionPolicy.idleMs);
  await db
    .delete(staffSessions)
    .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, idleCutoff)));
  await db
    .delete(customerSessions)
    .where(or(lt(customerSessions.expiresAt, now), lt(customerSessions.lastSeenAt, idleCutoff)));
}
