import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
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
 * key is its own indexed lookup that answers the rows' creation time too, so the newest 50 of
 * their union are picked without reading the organizations again (which, for a common part of
 * a name, made the planner scan them all). `%` and `_` in the text match themselves.
 */
export async function searchOrganizationIds(
  db: Db,
  q: string,
  region: string | undefined,
): Promise<string[]> {
  const term = q.trim();
  const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(term);
  const inRegion = region ? sql`and o.region = ${region}` : sql``;
  const found = sql`o.id, o.created_at from ${organizations} o`;
  const lookups = [
    isId
      ? sql`select ${found} where o.id = ${term}::uuid ${inRegion}
            union all select ${found} where o.subscription_id = ${term}::uuid ${inRegion}`
      : undefined,
    sql`select ${found} where o.short_name = ${term.toLowerCase()} ${inRegion}`,
    // An ID or an email is not looked for in company names. Trigrams need three characters;
    // shorter text matches the start of the name.
    isId || term.includes('@')
      ? undefined
      : term.length >= 3
        ? sql`select ${found} where o.name ilike ${`%${escaped}%`} ${inRegion}`
        : sql`select ${found} where lower(o.name) like ${`${escaped.toLowerCase()}%`} ${inRegion}`,
    term.includes('@')
      ? sql`select ${found} join ${customerUsers} c on c.organization_id = o.id
            where lower(c.email) = lower(${term}) ${inRegion}
            union all
            select ${found} join ${subscriptions} s on s.id = o.subscription_id
            where lower(s.contact_email) = lower(${term}) ${inRegion}`
      : undefined,
  ].filter((lookup) => lookup !== undefined);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from (${sql.join(lookups, sql` union `)}) found order by created_at desc limit 50`,
  );
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
