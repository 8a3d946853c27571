import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  billingAccounts,
  billingQuantities,
  customerUsers,
  invitations,
  organizationFeatures,
} from '../db/schema.ts';

/* Every query here takes the organization id of the signed-in user: tenancy lives in the where clause. */

export async function featuresOf(db: Db, organizationId: string) {
  return db
    .select()
    .from(organizationFeatures)
    .where(eq(organizationFeatures.organizationId, organizationId));
}

export async function billingOf(db: Db, organizationId: string) {
  const [account] = await db
    .select()
    .from(billingAccounts)
    .where(eq(billingAccounts.organizationId, organizationId));
  if (!account) return undefined;
  const quantities = await db
    .select()
    .from(billingQuantities)
    .where(eq(billingQuantities.organizationId, organizationId))
    .orderBy(billingQuantities.sku);
  return { account, quantities };
}

export async function membersOf(db: Db, organizationId: string) {
  return db
    .select({
      id: customerUsers.id,
      email: customerUsers.email,
      firstName: customerUsers.firstName,
      lastName: customerUsers.lastName,
      role: customerUsers.role,
      createdAt: customerUsers.createdAt,
      lastLoginAt: customerUsers.lastLoginAt,
    })
    .from(customerUsers)
    .where(eq(customerUsers.organizationId, organizationId))
    .orderBy(asc(customerUsers.createdAt));
}

export async function invitationsOf(db: Db, organizationId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      status: invitations.status,
      createdAt: invitations.createdAt,
      sentAt: invitations.sentAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(eq(invitations.organizationId, organizationId))
    .orderBy(desc(invitations.createdAt));
}
