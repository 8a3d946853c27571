import type { CustomerUserRow, OrganizationRow } from '../db/schema.ts';

/** A signed-in staff member, by session cookie or API token. */
export type StaffPrincipal = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  via: 'session' | 'token';
  /** When the session began (sessions only): some actions need a recent sign-in. */
  signedInAt?: Date;
};

/** A signed-in customer and the one organization their session belongs to. */
export type CustomerPrincipal = {
  user: CustomerUserRow;
  organization: OrganizationRow;
  /** The session the request came with (absent while a sign-in is still opening one). */
  sessionId?: string;
};
