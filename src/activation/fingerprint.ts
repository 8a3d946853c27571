import { createHash } from 'node:crypto';
import { normalizeTypedShortName } from '../short-name/derive.ts';
import type { ActivationInput } from './schemas.ts';

/**
 * What makes two activation requests "the same request" (a double click, a retry, a second tab):
 * every field but the password, normalized. The password is compared against the stored hash.
 */
export function activationFingerprint(input: ActivationInput): string {
  const canonical = {
    region: input.region.trim(),
    companyName: input.companyName,
    shortName: input.shortName?.trim() ? normalizeTypedShortName(input.shortName) : null,
    admin: {
      firstName: input.admin.firstName,
      lastName: input.admin.lastName,
      email: input.admin.email.toLowerCase(),
    },
    invitations: input.invitations
      .map((i) => ({ email: i.email.toLowerCase(), role: i.role }))
      .sort((a, b) => a.email.localeCompare(b.email)),
    locale: input.locale,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
