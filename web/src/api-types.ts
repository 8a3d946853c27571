/**
 * The API's answers as the browser receives them, derived from the server's zod schemas (the
 * same ones that validate, serialize and document each route), so a changed field is a type
 * error here rather than a surprise in a page. Type-only imports: no server code is bundled.
 */
import type { z } from 'zod';
import type { meSchema } from '../../src/accounts/schemas.ts';
import type { activationProgress, activationSummary } from '../../src/activation/schemas.ts';
import type { productSchema, regionSchema } from '../../src/catalog/schemas.ts';
import type { mailboxMessages } from '../../src/email/schemas.ts';
import type { overviewSchema } from '../../src/home/schemas.ts';
import type { Answer } from '../../src/http/wire.ts';
import type { invitationSchema, invitationSummary } from '../../src/invitations/schemas.ts';
import type { progressStep } from '../../src/runs/schemas.ts';
import type { setupProgressSchema } from '../../src/setup/schemas.ts';
import type { shortNamePreview } from '../../src/short-name/schemas.ts';
import type { apiTokenList, createdApiToken, staffMember } from '../../src/staff/schemas.ts';
import type {
  emailSummary,
  subscriptionDetail,
  subscriptionInput,
  subscriptionPage,
  subscriptionSummary,
} from '../../src/subscriptions/schemas.ts';
import type { organizationDetailSchema, organizationSearchResults } from '../../src/support/schemas.ts';
import type { verificationQueueSchema } from '../../src/verification/schemas.ts';
import type {
  createdEndpoint,
  deliveryPage,
  endpointView,
  rotatedSecret,
} from '../../src/webhooks/schemas.ts';

export type Region = Answer<typeof regionSchema>;
export type CatalogProduct = Answer<typeof productSchema>;

export type ActivationSummary = Answer<typeof activationSummary>;
export type ActivationProgress = Answer<typeof activationProgress>;
export type ShortNamePreview = Answer<typeof shortNamePreview>;

export type Me = Answer<typeof meSchema>;
export type Overview = Answer<typeof overviewSchema>;
export type Invitation = Answer<typeof invitationSchema>;
export type SetupProgress = Answer<typeof setupProgressSchema>;

export type SubscriptionRequest = z.input<typeof subscriptionInput>;
export type Subscription = Answer<typeof subscriptionSummary>;
export type SubscriptionDetail = Answer<typeof subscriptionDetail>;
export type Email = Answer<typeof emailSummary>;
export type OrganizationDetail = Answer<typeof organizationDetailSchema>;
export type OrganizationSearchResults = Answer<typeof organizationSearchResults>;
export type VerificationQueueAnswer = Answer<typeof verificationQueueSchema>;
export type StaffMember = Answer<typeof staffMember>;
export type ApiTokenList = Answer<typeof apiTokenList>;
export type CreatedApiToken = Answer<typeof createdApiToken>;
export type InvitationSummary = Answer<typeof invitationSummary>;
export type MailboxMessage = Answer<typeof mailboxMessages>[number];
export type SubscriptionPage = Answer<typeof subscriptionPage>;
export type RunStep = Answer<typeof progressStep>;
export type WebhookEndpoint = Answer<typeof endpointView>;
export type CreatedWebhookEndpoint = Answer<typeof createdEndpoint>;
export type WebhookDeliveryPage = Answer<typeof deliveryPage>;
export type RotatedSecret = Answer<typeof rotatedSecret>;
