import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { activationTokens, divisions, roleGrants, sites, subscriptions } from '../db/schema.ts';

/** The activation token with this hash and its subscription; `forUpdate` locks the token row. */
export async function findActivationLink(db: Db, tokenHash: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select({ token: activationTokens, subscription: subscriptions })
    .from(activationTokens)
    .innerJoin(subscriptions, eq(subscriptions.id, activationTokens.subscriptionId))
    .where(eq(activationTokens.tokenHash, tokenHash));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** The link did its job: it now names the organization and the request that used it. */
export async function markActivationLinkUsed(
  tx: Db,
  tokenId: string,
  values: { usedAt: Date; organizationId: string; requestFingerprint: string },
) {
  await tx.update(activationTokens).set(values).where(eq(activationTokens.id, tokenId));
}

/* Provisioning's defaults: a division, a site and the admin role in it. */

export async function insertDefaultDivisionAndSite(
  tx: Db,
  organization: { id: string; name: string; locale: string; timeZone: string },
) {
  await tx
    .insert(divisions)
    .values({ organizationId: organization.id, name: 'Home', isDefault: true })
    .onConflictDoNothing();
  await tx
    .insert(sites)
    .values({
      organizationId: organization.id,
      name: organization.name,
      locale: organization.locale,
      timeZone: organization.timeZone,
      isDefault: true,
    })
    .onConflictDoNothing();
}

export async function defaultDivision(tx: Db, organizationId: string) {
  const [division] = await tx
    .select()
    .from(divisions)
    .where(and(eq(divisions.organizationId, organizationId), eq(divisions.isDefault, true)));
  return division;
}

export async function grantRole(
  tx: Db,
  grant: { organizationId: string; userId: string; role: string; divisionId: string },
) {
  await tx.insert(roleGrants).values(grant).onConflictDoNothing();
}
