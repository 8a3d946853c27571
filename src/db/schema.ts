import { bigserial, boolean, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/**
 * Drizzle's view of the tables that `src/db/migrations/*.sql` create. The SQL files are the
 * source of truth; `src/db/migrate.test.ts` fails when the two drift apart.
 */
/** An event to record later, in the transaction of something else (an email's delivery). */
export type QueuedEvent = {
  type: string;
  subscriptionId: string | null;
  organizationId: string | null;
  data: Record<string, unknown>;
};

export const subscriptions = pgTable('subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  company: text('company').notNull(),
  contactName: text('contact_name').notNull(),
  contactEmail: text('contact_email').notNull(),
  locale: text('locale').$type<'en' | 'ko'>().notNull(),
  kind: text('kind').$type<'trial' | 'paid'>().notNull(),
  trialDays: integer('trial_days'),
  currency: text('currency'),
  ratePlan: text('rate_plan'),
  status: text('status').$type<'pending' | 'activated' | 'cancelled'>().notNull().default('pending'),
  createdBy: uuid('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
  activatedAt: at('activated_at'),
  cancelledAt: at('cancelled_at'),
  cancelledBy: uuid('cancelled_by'),
  cancellationReason: text('cancellation_reason'),
});

export const subscriptionProducts = pgTable(
  'subscription_products',
  {
    subscriptionId: uuid('subscription_id').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (table) => [primaryKey({ columns: [table.subscriptionId, table.sku] })],
);

export const activationTokens = pgTable('activation_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  subscriptionId: uuid('subscription_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  replacedAt: at('replaced_at'),
  usedAt: at('used_at'),
  organizationId: uuid('organization_id'),
  requestFingerprint: text('request_fingerprint'),
});

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'undeliverable';

export const emailOutbox = pgTable('email_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventKey: text('event_key').notNull(),
  template: text('template').notNull(),
  locale: text('locale').notNull(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  htmlBody: text('html_body').notNull(),
  subscriptionId: uuid('subscription_id'),
  organizationId: uuid('organization_id'),
  status: text('status').$type<EmailStatus>().notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  claimedUntil: at('claimed_until'),
  dueAt: at('due_at'),
  createdAt: at('created_at').notNull().defaultNow(),
  sentAt: at('sent_at'),
  afterId: uuid('after_id'),
  sentEvent: jsonb('sent_event').$type<QueuedEvent>(),
});

export const mailboxMessages = pgTable('mailbox_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  outboxId: uuid('outbox_id'),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  htmlBody: text('html_body').notNull(),
  sentAt: at('sent_at').notNull().defaultNow(),
});

export type ActorType = 'staff' | 'customer' | 'system' | 'anonymous';

export const auditEvents = pgTable('audit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  occurredAt: at('occurred_at').notNull().defaultNow(),
  actorType: text('actor_type').$type<ActorType>().notNull(),
  actorId: text('actor_id'),
  action: text('action').notNull(),
  subscriptionId: uuid('subscription_id'),
  organizationId: uuid('organization_id'),
  requestId: text('request_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
});

export const rateLimitCounters = pgTable('rate_limit_counters', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  windowEndsAt: at('window_ends_at').notNull(),
  lastGrant: integer('last_grant').notNull().default(0),
  maxHits: integer('max_hits'),
});

export const passwordResetTokens = pgTable('password_reset_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
});

export const signInFailures = pgTable('sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: at('locked_until'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const appState = pgTable('app_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export type OrganizationState = 'provisioning' | 'active' | 'inactive' | 'deleted';
export type SetupState = 'pending' | 'running' | 'done' | 'failed';

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  subscriptionId: uuid('subscription_id').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  region: text('region').notNull(),
  locale: text('locale').$type<'en' | 'ko'>().notNull(),
  timeZone: text('time_zone').notNull(),
  state: text('state').$type<OrganizationState>().notNull().default('provisioning'),
  setup: text('setup').$type<SetupState>().notNull().default('pending'),
  verification: text('verification').$type<'pending' | 'verified'>().notNull().default('pending'),
  createdAt: at('created_at').notNull().defaultNow(),
  activatedAt: at('activated_at'),
  verifiedBy: uuid('verified_by'),
  verifiedAt: at('verified_at'),
  verificationNotes: text('verification_notes'),
  verificationOverride: boolean('verification_override').notNull().default(false),
  setupDoneAt: at('setup_done_at'),
});

export type CustomerRole = 'admin' | 'user';

export const customerUsers = pgTable('customer_users', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  email: text('email').notNull(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<CustomerRole>().notNull(),
  locale: text('locale').$type<'en' | 'ko'>().notNull(),
  lastLoginAt: at('last_login_at'),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  email: text('email').notNull(),
  role: text('role').$type<CustomerRole>().notNull(),
  status: text('status').$type<'pending' | 'accepted' | 'revoked'>().notNull().default('pending'),
  invitedBy: uuid('invited_by'),
  tokenHash: text('token_hash'),
  tokenVersion: integer('token_version').notNull().default(0),
  createdAt: at('created_at').notNull().defaultNow(),
  sentAt: at('sent_at'),
  expiresAt: at('expires_at'),
  acceptedAt: at('accepted_at'),
  revokedAt: at('revoked_at'),
});

export const invitationReplacedLinks = pgTable('invitation_replaced_links', {
  tokenHash: text('token_hash').primaryKey(),
  invitationId: uuid('invitation_id').notNull(),
  replacedAt: at('replaced_at').notNull().defaultNow(),
});

export type RunKind = 'provisioning' | 'setup';
export type RunState = 'running' | 'succeeded' | 'failed';
export type StepStatus = 'pending' | 'running' | 'waiting' | 'done' | 'failed';

export const runs = pgTable('runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  kind: text('kind').$type<RunKind>().notNull(),
  state: text('state').$type<RunState>().notNull().default('running'),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
  finishedAt: at('finished_at'),
});

export const runSteps = pgTable(
  'run_steps',
  {
    runId: uuid('run_id').notNull(),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    status: text('status').$type<StepStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    lastError: text('last_error'),
    errorReference: text('error_reference'),
    leasedUntil: at('leased_until'),
    waitingUntil: at('waiting_until'),
    callbackTokenHash: text('callback_token_hash'),
    statusUrl: text('status_url'),
    responseStatus: integer('response_status'),
    response: jsonb('response'),
  },
  (table) => [primaryKey({ columns: [table.runId, table.key] })],
);

export const divisions = pgTable('divisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  name: text('name').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const sites = pgTable('sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  name: text('name').notNull(),
  locale: text('locale').notNull(),
  timeZone: text('time_zone').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const roleGrants = pgTable(
  'role_grants',
  {
    organizationId: uuid('organization_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role').notNull(),
    divisionId: uuid('division_id').notNull(),
    grantedAt: at('granted_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.role, table.divisionId] })],
);
export * from './schema-accounts.ts';
export * from './schema-events.ts';
export * from './schema-staff.ts';
export * from './schema-verification.ts';

/* Row types, for code outside queries.ts that handles rows but never touches tables. */
export type OrganizationRow = typeof organizations.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type CustomerUserRow = typeof customerUsers.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type ActivationTokenRow = typeof activationTokens.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type StepRow = typeof runSteps.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
