import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customerUsers, organizations, runSteps, runs, subscriptions } from '../db/schema.ts';

export async function organizationsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(organizations)
    .where(inArray(organizations.id, ids))
    .orderBy(desc(organizations.createdAt));
}

/**
 * Support's search: an Organization ID (or subscription ID), a short name (optionally in one
 * region), part of a company name, or an email (admin, member or subscription contact). Each
 * key is its own indexed lookup, and the union of their ids is read once: no key makes the
 * others scan. `%` and `_` in the text match themselves.
 */
export async function searchOrganizationIds(
  db: Db,
  q: string,
  region: string | undefined,
): Promise<string[]> {
  const term = q.trim();
  const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(term);
  const lookups = [
    isId
      ? sql`select id from ${organizations} where id = ${term}::uuid
            union all select id from ${organizations} where subscription_id = ${term}::uuid`
      : undefined,
    sql`select id from ${organizations} where short_name = ${term.toLowerCase()}`,
    // An ID or an email is not looked for in company names. Trigrams need three characters;
    // shorter text matches the start of the name.
    isId || term.includes('@')
      ? undefined
      : term.length >= 3
        ? sql`select id from ${organizations} where name ilike ${`%${escaped}%`}`
        : sql`select id from ${organizations} where lower(name) like ${`${escaped.toLowerCase()}%`}`,
    term.includes('@')
      ? sql`select organization_id as id from ${customerUsers} where lower(email) = lower(${term})
            union all
            select o.id from ${subscriptions} s join ${organizations} o on o.subscription_id = s.id
            where lower(s.contact_email) = lower(${term})`
      : undefined,
  ].filter((lookup) => lookup !== undefined);
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        sql`${organizations.id} in (${sql.join(lookups, sql` union `)})`,
        region ? eq(organizations.region, region) : undefined,
      ),
    )
    .orderBy(desc(organizations.createdAt))
    .limit(50);
  return rows.map((r) => r.id);
}

export async function runsWithSteps(db: Db, organizationId: string) {
  const rows = await db
    .select({ run: runs, step: runSteps })
    .from(runs)
    .innerJoin(runSteps, eq(runSteps.runId, runs.id))
    .where(eq(runs.organizationId, organizationId))
    .orderBy(asc(runs.createdAt), asc(runSteps.position));
  const byKind = new Map<
    string,
    { state: string; createdAt: Date; finishedAt: Date | null; steps: (typeof runSteps.$inferSelect)[] }
  >();
  for (const { run, step } of rows) {
    const entry = byKind.get(run.kind) ?? {
      state: run.state,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
      steps: [],
    };
    entry.steps.push(step);
    byKind.set(run.kind, entry);
  }
  return byKind;
}
