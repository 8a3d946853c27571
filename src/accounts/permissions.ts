import type { CustomerRole } from '../db/schema.ts';

/** What each customer role may do, declared as data and checked in one place. */
export const customerPermissions = {
  organization: ['read'],
  people: ['read', 'invite'],
  setup: ['read'],
} as const;

type Resource = keyof typeof customerPermissions;
export type CustomerPermission = {
  [R in Resource]: `${R}:${(typeof customerPermissions)[R][number]}`;
}[Resource];

const grants: Record<CustomerRole, readonly CustomerPermission[]> = {
  admin: ['organization:read', 'people:read', 'people:invite', 'setup:read'],
  user: ['organization:read', 'people:read'],
};

export function hasCustomerPermission(role: string, permission: CustomerPermission): boolean {
  return (grants[role as CustomerRole] ?? []).includes(permission);
}

export function permissionsOf(role: string): readonly CustomerPermission[] {
  return grants[role as CustomerRole] ?? [];
}
