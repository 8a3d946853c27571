import { type Column, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { appState } from './schema.ts';

/* `app_state`: small named values the application keeps about itself (e.g. the demo subscription). */

export async function readAppState<T>(db: Db, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(appState).where(eq(appState.key, key));
  return row?.value as T | undefined;
}

export async function writeAppState(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insert(appState)
    .values({ key, value })
    .onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: new Date() } });
}

/**
 * A password hash column set to a rehash of the same password (`to`) only where it still holds
 * the hash that was verified (`from`): a password changed meanwhile stays as it is.
 */
export function rehashedPassword(column: Column, rehash: { from: string; to: string }): SQL {
  return sql`case when ${column} = ${rehash.from} then ${rehash.to} else ${column} end`;
}
