import type { RunKind } from '../db/schema.ts';
import { isExternal, type RunsContext, type StepName } from './definitions.ts';
import { findRun } from './queries.ts';

type PublicStatus = 'pending' | 'running' | 'done' | 'failed';

export type RunProgress = {
  state: 'pending' | 'running' | 'succeeded' | 'failed';
  /** `name` only for steps the message catalog does not know (connectors). */
  steps: { key: string; status: PublicStatus; attempts: number; name: StepName | null }[];
  error: { step: string; reference: string } | null;
};

/**
 * Where an organization's run of `kind` stands, as customers see it: waiting for a receiver's
 * callback reads as running. Before the run starts, every step is pending.
 */
export async function runProgress<C extends RunsContext<C>>(
  ctx: C,
  organizationId: string | null,
  kind: RunKind,
): Promise<RunProgress> {
  const definitions = ctx.runs[kind].steps;
  const nameOf = (key: string) => {
    const step = definitions.find((s) => s.key === key);
    return step && isExternal(step) ? step.name : null;
  };
  const found = organizationId ? await findRun(ctx.db, organizationId, kind) : undefined;
  if (!found) {
    return {
      state: 'pending',
      steps: definitions.map((s) => ({ key: s.key, status: 'pending', attempts: 0, name: nameOf(s.key) })),
      error: null,
    };
  }
  const failed = found.steps.find((s) => s.status === 'failed');
  return {
    state: found.run.state,
    steps: found.steps.map((s) => ({
      key: s.key,
      status: s.status === 'waiting' ? 'running' : s.status,
      attempts: s.attempts,
      name: nameOf(s.key),
    })),
    error: failed ? { step: failed.key, reference: failed.errorReference ?? '' } : null,
  };
}
