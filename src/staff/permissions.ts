/** Staff roles (SPEC "People") and what each may do, declared as data and checked in one place. */
export const staffRoles = ['sales', 'cx', 'support', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffPermissions = {
  subscription: ['create', 'read', 'resend', 'cancel'],
  organization: ['read', 'verify', 'runChecks'],
  email: ['resend'],
  audit: ['export'],
  staff: ['manage'],
} as const;

type Resource = keyof typeof staffPermissions;
export type StaffPermission = {
  [R in Resource]: `${R}:${(typeof staffPermissions)[R][number]}`;
}[Resource];

const grants: Record<StaffRole, readonly StaffPermission[]> = {
  sales: [
    'subscription:create',
    'subscription:read',
    'subscription:resend',
    'subscription:cancel',
    'organization:read',
  ],
  cx: [
    'subscription:read',
    'subscription:resend',
    'organization:read',
    'organization:verify',
    'organization:runChecks',
    'email:resend',
    'audit:export',
  ],
  support: ['subscription:read', 'organization:read', 'audit:export'],
  admin: Object.entries(staffPermissions).flatMap(([resource, actions]) =>
    actions.map((action) => `${resource}:${action}` as StaffPermission),
  ),
};

export function hasStaffPermission(roles: readonly string[], permission: StaffPermission): boolean {
  return roles.some((role) => (grants[role as StaffRole] ?? []).includes(permission));
}

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value);
}
