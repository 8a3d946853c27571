import { z } from 'zod';
import { memberSchema } from '../home/schemas.ts';
import { localeSchema, searchText } from '../http/schemas.ts';
import { invitationSchema } from '../invitations/schemas.ts';
import { organizationIdentity } from '../organization/schemas.ts';
import { emailSummary, subscriptionSummary } from '../subscriptions/schemas.ts';
import { storedCheck } from '../verification/schemas.ts';

export const organizationSearchQuery = z.object({
  q: searchText(200).refine((value) => value.length > 0, 'type something to search for'),
  region: z.string().max(32).optional(),
});

const organizationSummary = organizationIdentity.extend({
  createdAt: z.date(),
  activatedAt: z.date().nullable(),
  setupDoneAt: z.date().nullable(),
});

export const organizationSearchResults = z.object({ items: z.array(organizationSummary) });

const runView = z
  .object({
    state: z.string(),
    startedAt: z.date(),
    finishedAt: z.date().nullable(),
    steps: z.array(
      z.object({
        key: z.string(),
        status: z.string(),
        attempts: z.number(),
        startedAt: z.date().nullable(),
        finishedAt: z.date().nullable(),
        lastError: z.string().nullable(),
        errorReference: z.string().nullable(),
        /** Connector steps: their name, the receiver's last answer, and the status URL it gave. */
        name: z.object({ en: z.string(), ko: z.string() }).nullable(),
        responseStatus: z.number().nullable(),
        response: z.unknown(),
        statusUrl: z.string().nullable(),
        waitingUntil: z.date().nullable(),
      }),
    ),
  })
  .nullable();

const auditEntry = z.object({
  id: z.number(),
  occurredAt: z.date(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  requestId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

/** `GET /api/v1/organizations/{id}`: everything support and CX read about one activation. */
export const organizationDetailSchema = z
  .object({
    organization: organizationSummary.extend({
      locale: localeSchema,
      loginUrl: z.string().nullable(),
      regionName: z.object({ en: z.string(), ko: z.string() }),
      /** The region's IANA time zone: the console shows the customer's times in it. */
      timeZone: z.string(),
      verifiedAt: z.date().nullable(),
      verifiedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
      verificationNotes: z.string().nullable(),
      verificationOverride: z.boolean(),
    }),
    subscription: subscriptionSummary,
    runs: z.object({ provisioning: runView, setup: runView }),
    checks: z.array(storedCheck),
    emails: z.array(emailSummary),
    people: z.object({ members: z.array(memberSchema), invitations: z.array(invitationSchema) }),
    audit: z.array(auditEntry),
    timeline: z.array(
      z.object({
        at: z.date(),
        kind: z.enum(['audit', 'email', 'step', 'event']),
        label: z.string(),
        detail: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'OrganizationDetail' });

export const auditExportQuery = z.object({ format: z.enum(['csv', 'jsonl']).default('jsonl') });

export const emailResent = z.object({ id: z.uuid(), originalId: z.uuid() });

export const runParams = z.object({ id: z.uuid('must be a UUID'), kind: z.enum(['provisioning', 'setup']) });

export const runRetried = z.object({
  organizationId: z.uuid(),
  kind: z.enum(['provisioning', 'setup']),
  state: z.literal('running'),
});
