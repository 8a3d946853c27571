import type { SQL } from 'drizzle-orm';
import type { TestApp } from './app.ts';

/** Runs raw SQL against a test app's database, for arranging states the API cannot reach (yet). */
export async function rows<T = Record<string, unknown>>(app: TestApp, query: SQL): Promise<T[]> {
  return ((await app.ctx.db.execute(query)) as unknown as { rows: T[] }).rows;
}
