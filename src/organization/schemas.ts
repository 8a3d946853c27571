import { z } from 'zod';

/** SPEC: `state` provisioning → active (also inactive, deleted). */
const organizationState = z.enum(['provisioning', 'active', 'inactive', 'deleted']);
/** SPEC: `setup` pending → running → done | failed. */
const setupState = z.enum(['pending', 'running', 'done', 'failed']);
/** SPEC: `verification` pending → verified. */
const verificationState = z.enum(['pending', 'verified']);

/** What every view of an organization starts with: who it is, where it lives, where it stands. */
export const organizationIdentity = z.object({
  id: z.uuid(),
  name: z.string(),
  shortName: z.string(),
  region: z.string(),
  state: organizationState,
  setup: setupState,
  verification: verificationState,
});
