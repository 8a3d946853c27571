import { provisioningRun } from '../activation/provisioning.ts';
import type { RunKind } from '../db/schema.ts';
import type { RunDefinition } from './definitions.ts';

/** Every kind of run and its steps. */
export const runDefinitions: Record<RunKind, RunDefinition> = {
  provisioning: provisioningRun,
  // Features and billing arrive with the first-login setup (issue 4).
  setup: { kind: 'setup', steps: [], onSucceeded: async () => {}, onFailed: async () => {} },
};
