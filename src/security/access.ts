/**
 * Who may do what, for both realms, declared as data (SPEC "People"): each realm lists its
 * statements (resource → actions) and grants roles a subset; one `can` checks them.
 */
type Statements = Record<string, readonly string[]>;
type PermissionOf<S extends Statements> = { [R in keyof S & string]: `${R}:${S[R][number]}` }[keyof S &
  string];

export type Access<Role extends string, Permission extends string> = {
  roles: readonly Role[];
  isRole(value: string): value is Role;
  /** Whether any of `roles` grants `permission` (unknown roles grant nothing). */
  can(roles: readonly string[], permission: Permission): boolean;
  permissionsOf(roles: readonly string[]): Permission[];
};

function defineRoles<const S extends Statements, const Role extends string>(
  statements: S,
  grants: Record<Role, readonly PermissionOf<S>[] | 'all'>,
): Access<Role, PermissionOf<S>> {
  const all = Object.entries(statements).flatMap(([resource, actions]) =>
    actions.map((action) => `${resource}:${action}` as PermissionOf<S>),
  );
  const granted = new Map<string, readonly PermissionOf<S>[]>(
    Object.entries<readonly PermissionOf<S>[] | 'all'>(grants).map(([role, list]) => [
      role,
      list === 'all' ? all : list,
    ]),
  );
  const roles = Object.keys(grants) as Role[];
  return {
    roles,
    isRole: (value): value is Role => granted.has(value),
    can: (held, permission) => held.some((role) => granted.get(role)?.includes(permission) ?? false),
    permissionsOf: (held) =>
      all.filter((permission) => held.some((r) => granted.get(r)?.includes(permission))),
  };
}

/** Staff roles: sales (subscriptions), cx (verification), support (read-only), admin (everything). */
export const staffAccess = defineRoles(
  {
    subscription: ['create', 'read', 'resend', 'cancel'],
    organization: ['read', 'verify', 'runChecks', 'retryRun'],
    email: ['resend'],
    audit: ['export'],
    staff: ['manage'],
    webhook: ['manage'],
  },
  {
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
      'organization:retryRun',
      'email:resend',
      'audit:export',
    ],
    support: ['subscription:read', 'organization:read', 'audit:export'],
    admin: 'all',
  },
);
export type StaffRole = (typeof staffAccess.roles)[number];
export type StaffPermission = Parameters<typeof staffAccess.can>[1];

/** Customer roles inside one organization: admins invite and run setup; users read. */
export const customerAccess = defineRoles(
  { organization: ['read'], people: ['read', 'invite'], setup: ['read'] },
  {
    admin: ['organization:read', 'people:read', 'people:invite', 'setup:read'],
    user: ['organization:read', 'people:read'],
  },
);
export type CustomerPermission = Parameters<typeof customerAccess.can>[1];
