import { z } from 'zod';
import { emailAddress, localeSchema, plainText } from '../http/schemas.ts';
import { progressStep, runError } from '../runs/schemas.ts';
import { checkShortName, normalizeTypedShortName, shortNameRuleMessages } from '../short-name/derive.ts';

/** `POST /api/v1/activations/{token}` (SPEC "API contract"). */
export const activationInput = z
  .object({
    region: z.string().trim().min(1, 'is required').max(32),
    companyName: plainText(200),
    shortName: z.string().max(200).optional(),
    admin: z.object({
      firstName: plainText(100),
      lastName: plainText(100),
      email: emailAddress,
      // The policy (configurable) is checked by the service, which knows the configuration.
      password: z.string().max(1000, 'must be at most 400 characters'),
    }),
    invitations: z
      .array(z.object({ email: emailAddress, role: z.enum(['admin', 'user']) }))
      .max(50, 'invite at most 50 people here; invite more from the product later')
      .default([]),
    locale: localeSchema,
  })
  .superRefine((value, issues) => {
    if (value.shortName !== undefined && value.shortName.trim() !== '') {
      const rule = checkShortName(normalizeTypedShortName(value.shortName));
      if (rule)
        issues.addIssue({
          code: 'custom',
          path: ['shortName'],
          message: shortNameRuleMessages[rule],
          params: { rule },
        });
    }
    const admin = value.admin.email.toLowerCase();
    const seen = new Set<string>();
    value.invitations.forEach((invitation, index) => {
      const email = invitation.email.toLowerCase();
      if (email === admin) {
        issues.addIssue({
          code: 'custom',
          path: ['invitations', index, 'email'],
          message: "is the administrator's own address",
        });
      } else if (seen.has(email)) {
        issues.addIssue({
          code: 'custom',
          path: ['invitations', index, 'email'],
          message: 'is listed twice',
        });
      }
      seen.add(email);
    });
  });

export type ActivationInput = z.infer<typeof activationInput>;

export const activationResult = z
  .object({ organizationId: z.uuid(), shortName: z.string(), region: z.string() })
  .meta({ id: 'ActivationResult' });

export const activationProgress = z
  .object({
    state: z.enum(['pending', 'provisioning', 'ready', 'failed']),
    steps: z.array(progressStep),
    organizationId: z.uuid().nullable(),
    shortName: z.string().nullable(),
    region: z.string().nullable(),
    regionName: z.object({ en: z.string(), ko: z.string() }).nullable(),
    loginUrl: z.string().nullable(),
    error: runError,
  })
  .meta({ id: 'ActivationProgress' });

export type ActivationProgress = z.infer<typeof activationProgress>;

export const activationTokenParam = z.object({ token: z.string().min(1).max(256) });

export const activationSummary = z
  .object({
    company: z.string(),
    contactName: z.string(),
    contactEmail: z.string(),
    locale: localeSchema,
    kind: z.enum(['trial', 'paid']),
    trialDays: z.number().nullable(),
    currency: z.string().nullable(),
    ratePlan: z.string().nullable(),
    products: z.array(
      z.object({ sku: z.string(), name: z.string(), quantity: z.number(), features: z.array(z.string()) }),
    ),
    features: z.array(z.string()),
    expiresAt: z.date(),
    status: z.literal('pending'),
  })
  .meta({ id: 'ActivationSummary' });

export const emailRequest = z.object({ email: emailAddress });

export const requestAccepted = z.object({ status: z.literal('accepted'), message: z.string() });
