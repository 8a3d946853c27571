import { type StaffRole, staffAccess } from '../security/access.ts';

/**
 * The Onramp roles a provider's claims grant. The claim may be a list (`groups`) or one string
 * (space- or comma-separated values are split); a value grants the roles the map gives it, or,
 * without a map, the role of its own name. Unknown values grant nothing.
 */
export function rolesFromClaims(
  claims: Record<string, unknown>,
  rolesClaim: string,
  roleMap: Record<string, string[]> | undefined,
): StaffRole[] {
  const raw = claims[rolesClaim];
  const values =
    typeof raw === 'string'
      ? raw.split(/[\s,]+/)
      : Array.isArray(raw)
        ? raw.filter((v): v is string => typeof v === 'string')
        : [];
  const granted = new Set<string>();
  for (const value of values.map((v) => v.trim()).filter(Boolean)) {
    for (const role of roleMap ? (roleMap[value] ?? []) : [value]) granted.add(role);
  }
  // In the order Onramp declares its roles, so the stored list is stable.
  return staffAccess.roles.filter((role) => granted.has(role));
}
