import { z } from 'zod';
import { invitationSchema } from '../invitations/schemas.ts';
import { organizationIdentity } from '../organization/schemas.ts';

const localized = z.object({ en: z.string(), ko: z.string() });

export const memberSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(['admin', 'user']),
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
});

/** `GET /api/v1/organization`: the customer's home (SPEC step 10). */
export const overviewSchema = z
  .object({
    organization: organizationIdentity.extend({
      regionName: localized,
      /** The region's time zone: home shows dates in it, with the zone named. */
      timeZone: z.string(),
      loginUrl: z.string().nullable(),
      createdAt: z.date(),
      activatedAt: z.date().nullable(),
    }),
    products: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        quantity: z.number(),
        features: z.array(
          z.object({
            key: z.string(),
            name: localized,
            enabled: z.boolean(),
            enabledAt: z.date().nullable(),
          }),
        ),
      }),
    ),
    billing: z
      .object({
        kind: z.enum(['trial', 'paid']),
        chargesEnabled: z.boolean(),
        currency: z.string().nullable(),
        ratePlan: z.string().nullable(),
        startsOn: z.string(),
        trialEndsAt: z.date().nullable(),
        trialDaysLeft: z.number().nullable(),
        quantities: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number() })),
      })
      .nullable(),
    people: z.object({
      members: z.array(memberSchema),
      invitations: z.array(invitationSchema),
    }),
  })
  .meta({ id: 'Organization' });
