import { and, asc, desc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customerUsers, organizations, runSteps, runs, staffUsers, subscriptions } from '../db/schema.ts';

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
 * region), part of a company name, or an email (admin, member or subscription contact).
 */
export async function searchOrganizationIds(
  db: Db,
  q: string,
  region: string | undefined,
): Promise<string[]> {
  const term = q.trim();
  const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const conditions = [
    /^[0-9a-f-]{36}$/i.test(term)
      ? or(eq(organizations.id, term), eq(organizations.subscriptionId, term))
      : undefined,
    eq(organizations.shortName, term.toLowerCase()),
    ilike(organizations.name, like),
    term.includes('@')
      ? or(
          sql`exists (select 1 from ${customerUsers} where ${customerUsers.organizationId} = ${organizations.id} and lower(${customerUsers.email}) = lower(${term}))`,
          sql`lower(${subscriptions.contactEmail}) = lower(${term})`,
        )
      : undefined,
  ].filter((c) => c !== undefined);
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .innerJoin(subscriptions, eq(subscriptions.id, organizations.subscriptionId))
    .where(and(or(...conditions), region ? eq(organizations.region, region) : undefined))
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

export async function staffName(db: Db, id: string | null) {
  if (!id) return null;
  const [row] = await db
    .select({ name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .where(eq(staffUsers.id, id));
  return row ?? null;
}
