import { boolean, date, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/** Tables of `0003_accounts_setup.sql`: customer sessions, features and billing. */

export const customerSessions = pgTable('customer_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  organizationId: uuid('organization_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  lastSeenAt: at('last_seen_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
});

export const organizationFeatures = pgTable(
  'organization_features',
  {
    organizationId: uuid('organization_id').notNull(),
    feature: text('feature').notNull(),
    skus: text('skus').array().notNull(),
    enabledAt: at('enabled_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.feature] })],
);

export const billingAccounts = pgTable('billing_accounts', {
  organizationId: uuid('organization_id').primaryKey(),
  kind: text('kind').$type<'trial' | 'paid'>().notNull(),
  chargesEnabled: boolean('charges_enabled').notNull(),
  currency: text('currency'),
  ratePlan: text('rate_plan'),
  trialEndsAt: at('trial_ends_at'),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const billingQuantities = pgTable(
  'billing_quantities',
  {
    organizationId: uuid('organization_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.sku] })],
);
export type BillingAccountRow = typeof billingAccounts.$inferSelect;
