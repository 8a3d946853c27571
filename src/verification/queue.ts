import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { organizations, subscriptions, verificationChecks } from '../db/schema.ts';
import { type CheckKey, checkKeys } from './checks.ts';

/** The CX queue: organizations awaiting verification, oldest first (by when setup finished), with their checks. */
export async function verificationQueue(ctx: Pick<AppContext, 'db'>) {
  const rows = await ctx.db
    .select({
      organization: organizations,
      company: subscriptions.company,
      contactEmail: subscriptions.contactEmail,
    })
    .from(organizations)
    .innerJoin(subscriptions, eq(subscriptions.id, organizations.subscriptionId))
    .where(and(eq(organizations.verification, 'pending'), ne(organizations.state, 'deleted')))
    .orderBy(sql`${organizations.setupDoneAt} asc nulls last`, asc(organizations.createdAt))
    .limit(200);
  const ids = rows.map((r) => r.organization.id);
  const checks = ids.length
    ? await ctx.db.select().from(verificationChecks).where(inArray(verificationChecks.organizationId, ids))
    : [];
  return {
    items: rows.map(({ organization, company, contactEmail }) => {
      const own = checks.filter((c) => c.organizationId === organization.id);
      return {
        id: organization.id,
        name: organization.name,
        company,
        contactEmail,
        shortName: organization.shortName,
        region: organization.region,
        state: organization.state,
        setup: organization.setup,
        createdAt: organization.createdAt,
        setupDoneAt: organization.setupDoneAt,
        checks: own
          .map((c) => ({ key: c.key, status: c.status, detail: c.detail }))
          .sort((a, b) => checkKeys.indexOf(a.key as CheckKey) - checkKeys.indexOf(b.key as CheckKey)),
        checksPassed: own.length > 0 && own.every((c) => c.status === 'passed'),
      };
    }),
  };
}
