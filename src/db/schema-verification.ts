import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Tables of `0004_verification.sql` (the new organization columns are in schema.ts). */
export const verificationChecks = pgTable(
  'verification_checks',
  {
    organizationId: uuid('organization_id').notNull(),
    key: text('key').notNull(),
    status: text('status').$type<'passed' | 'failed'>().notNull(),
    detail: text('detail'),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.key] })],
);
