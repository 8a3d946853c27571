import { and, eq, sql } from 'drizzle-orm';
import { textArray } from '../db/arrays.ts';
import type { Db } from '../db/client.ts';
import { organizations } from '../db/schema.ts';

/** Which of `names` exist in `region`. */
export async function takenNames(db: Db, region: string, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db
    .select({ shortName: organizations.shortName })
    .from(organizations)
    .where(and(eq(organizations.region, region), sql`${organizations.shortName} = any(${textArray(names)})`));
  return new Set(rows.map((row) => row.shortName));
}

/** Every (region, name) among `names`, in any region: one indexed lookup answers a whole preview. */
export async function whereNamesExist(
  db: Db,
  names: string[],
): Promise<{ region: string; shortName: string }[]> {
  return db
    .select({ region: organizations.region, shortName: organizations.shortName })
    .from(organizations)
    .where(sql`${organizations.shortName} = any(${textArray(names)})`);
}
