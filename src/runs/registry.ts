import { provisioningRun } from '../activation/provisioning.ts';
import type { RunKind } from '../db/schema.ts';
import { setupRun } from '../setup/run.ts';
import type { RunDefinition } from './definitions.ts';

/** Every kind of run and its steps. */
export const runDefinitions: Record<RunKind, RunDefinition> = {
  provisioning: provisioningRun,
  setup: setupRun,
};
