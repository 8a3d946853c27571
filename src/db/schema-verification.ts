import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/** Tables of `0004_verification.sql` (the new organization columns are in schema.ts). */
export const verificationChecks = pgTable(
  'verification_checks',
  {
    organizationId: uuid('organization_id').notNull(),
    key: text('key').notNull(),
    status: text('status').$type<'passed' | 'failed'>().notNull(),
    detail: text('detail'),
    checkedAt: at('checked_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.key] })],
);
