import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { compileSql } from '../db/compiled.ts';
import {
  billingAccounts,
  billingQuantities,
  customerUsers,
  invitations,
  organizationFeatures,
  subscriptionProducts,
} from '../db/schema.ts';

type Timestamp = string;

/** The home's rows as the statement answers them: JSON, timestamps as ISO text. */
type HomeJson = {
  products: { sku: string; quantity: number }[];
  features: { feature: string; enabledAt: Timestamp }[];
  billing: {
    kind: 'trial' | 'paid';
    chargesEnabled: boolean;
    currency: string | null;
    ratePlan: string | null;
    trialEndsAt: Timestamp | null;
    startsOn: string;
  } | null;
  quantities: { sku: string; quantity: number }[];
  members: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    role: 'admin' | 'user';
    createdAt: Timestamp;
    lastLoginAt: Timestamp | null;
  }[];
  invitations: {
    id: string;
    email: string;
    role: 'admin' | 'user';
    status: 'pending' | 'accepted' | 'revoked';
    createdAt: Timestamp;
    sentAt: Timestamp | null;
    expiresAt: Timestamp | null;
    acceptedAt: Timestamp | null;
    revokedAt: Timestamp | null;
  }[];
};

/**
 * Everything the customer's home shows besides the organization itself, in one statement: one
 * round trip instead of six queries (two of them one after the other), each built anew by the
 * query builder. Every part is read by the organization's (or its subscription's) key.
 */
const homeStatement = compileSql<{ organizationId: string; subscriptionId: string }, HomeJson>(
  (p) => sql`select
    coalesce((select json_agg(json_build_object('sku', sku, 'quantity', quantity) order by sku)
      from ${subscriptionProducts} where subscription_id = ${p.subscriptionId}), '[]'::json) as products,
    coalesce((select json_agg(json_build_object('feature', feature, 'enabledAt', enabled_at) order by feature)
      from ${organizationFeatures} where organization_id = ${p.organizationId}), '[]'::json) as features,
    (select json_build_object('kind', kind, 'chargesEnabled', charges_enabled, 'currency', currency,
        'ratePlan', rate_plan, 'trialEndsAt', trial_ends_at, 'startsOn', starts_on)
      from ${billingAccounts} where organization_id = ${p.organizationId}) as billing,
    coalesce((select json_agg(json_build_object('sku', sku, 'quantity', quantity) order by sku)
      from ${billingQuantities} where organization_id = ${p.organizationId}), '[]'::json) as quantities,
    coalesce((select json_agg(json_build_object('id', id, 'email', email, 'firstName', first_name,
        'lastName', last_name, 'role', role, 'createdAt', created_at, 'lastLoginAt', last_login_at)
        order by created_at, id)
      from ${customerUsers} where organization_id = ${p.organizationId}), '[]'::json) as members,
    coalesce((select json_agg(json_build_object('id', id, 'email', email, 'role', role, 'status', status,
        'createdAt', created_at, 'sentAt', sent_at, 'expiresAt', expires_at, 'acceptedAt', accepted_at,
        'revokedAt', revoked_at) order by created_at desc, id)
      from ${invitations} where organization_id = ${p.organizationId}), '[]'::json) as invitations`,
  ['organizationId', 'subscriptionId'],
);

const date = (at: Timestamp) => new Date(at);
const dateOrNull = (at: Timestamp | null) => (at === null ? null : new Date(at));

/** The home's products, features, billing and people of one organization, timestamps as Dates. */
export async function homeOf(db: Db, organizationId: string, subscriptionId: string) {
  const [row] = await homeStatement(db, { organizationId, subscriptionId });
  if (!row) throw new Error('a select without FROM answers one row');
  return {
    products: row.products,
    features: row.features.map((f) => ({ feature: f.feature, enabledAt: date(f.enabledAt) })),
    billing: row.billing && {
      account: { ...row.billing, trialEndsAt: dateOrNull(row.billing.trialEndsAt) },
      quantities: row.quantities,
    },
    members: row.members.map((m) => ({
      ...m,
      createdAt: date(m.createdAt),
      lastLoginAt: dateOrNull(m.lastLoginAt),
    })),
    invitations: row.invitations.map((i) => ({
      ...i,
      createdAt: date(i.createdAt),
      sentAt: dateOrNull(i.sentAt),
      expiresAt: dateOrNull(i.expiresAt),
      acceptedAt: dateOrNull(i.acceptedAt),
      revokedAt: dateOrNull(i.revokedAt),
    })),
  };
}
