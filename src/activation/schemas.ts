import { z } from 'zod';
import { emailAddress, localeSchema, plainText } from '../http/schemas.ts';
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

export const progressStep = z.object({
  key: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: z.number(),
});

export const activationProgress = z
  .object({
    state: z.enum(['pending', 'provisioning', 'ready', 'failed']),
    steps: z.array(progressStep),
    organizationId: z.uuid().nullable(),
    shortName: z.string().nullable(),
    region: z.string().nullable(),
    loginUrl: z.string().nullable(),
    error: z.object({ step: z.string(), reference: z.string() }).nullable(),
  })
  .meta({ id: 'ActivationProgress' });

export type ActivationProgress = z.infer<typeof activationProgress>;
