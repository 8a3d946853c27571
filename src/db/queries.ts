import { eq } from 'drizzle-orm';
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
