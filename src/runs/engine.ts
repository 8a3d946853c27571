import type { Db } from '../db/client.ts';
import type { RunKind, RunRow, StepStatus } from '../db/schema.ts';
import { newReference } from '../security/tokens.ts';
import type { RunsContext } from './definitions.ts';
import { runAdvanceJob } from './jobs.ts';
import {
  findRun,
  insertRun,
  lockRunForFailure,
  lockRunningRun,
  nextStep,
  reopenFailedRun,
  runningRunIds,
  staleRunningRuns,
  stepAttemptsPlusOne,
  touchRun,
  updateRun,
  updateStep,
} from './queries.ts';

/** Creates a run with all its steps pending and queues its first advance, in the caller's transaction. */
export async function startRun<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  organizationId: string,
  kind: RunKind,
): Promise<RunRow | undefined> {
  const definition = ctx.runs[kind];
  const run = await insertRun(
    tx,
    organizationId,
    kind,
    definition.steps.map((s) => s.key),
    ctx.now(),
  );
  if (run) await ctx.jobs.send(tx, runAdvanceJob, { runId: run.id });
  return run;
}

export async function advanceRun<C extends RunsContext<C>>(ctx: C, runId: string): Promise<void> {
  for (;;) {
    const outcome = await advanceOneStep(ctx, runId);
    if (outcome !== 'advanced') return;
  }
}

type Outcome = 'advanced' | 'finished' | 'busy' | 'retrying' | 'failed';

async function advanceOneStep<C extends RunsContext<C>>(ctx: C, runId: string): Promise<Outcome> {
  // First, say which step is running (its own transaction, so the progress page sees it).
  const claimed = await ctx.db.transaction(async (tx) => {
    const run = await lockRunningRun(tx, runId);
    if (!run) return undefined;
    const step = await nextStep(tx, runId);
    if (!step) return undefined;
    await updateStep(tx, runId, step.key, {
      status: 'running',
      attempts: stepAttemptsPlusOne as unknown as number,
      startedAt: ctx.now(),
    });
    await touchRun(tx, runId, ctx.now());
    return { run, step: { ...step, attempts: step.attempts + 1 } };
  });
  if (!claimed) return 'busy';
  const definition = ctx.runs[claimed.run.kind];
  const stepDefinition = definition.steps.find((s) => s.key === claimed.step.key);
  if (!stepDefinition) throw new Error(`run ${runId} has unknown step ${claimed.step.key}`);

  try {
    await ctx.runPolicy.beforeStep?.(claimed.run.kind, claimed.step.key, claimed.step.attempts);
    return await ctx.db.transaction(async (tx): Promise<Outcome> => {
      const run = await lockRunningRun(tx, runId);
      if (!run) return 'busy';
      const step = await nextStep(tx, runId);
      // Another worker finished this step between our two transactions.
      if (step?.key !== claimed.step.key) return 'advanced';
      await stepDefinition.run(tx, ctx, run);
      const now = ctx.now();
      await updateStep(tx, runId, step.key, {
        status: 'done',
        finishedAt: now,
        lastError: null,
        errorReference: null,
      });
      if (await nextStep(tx, runId)) {
        await touchRun(tx, runId, now);
        return 'advanced';
      }
      await updateRun(tx, runId, { state: 'succeeded', finishedAt: now, updatedAt: now });
      await definition.onSucceeded(tx, ctx, run);
      return 'finished';
    });
  } catch (error) {
    return recordStepFailure(ctx, claimed.run, claimed.step.key, claimed.step.attempts, error);
  }
}

async function recordStepFailure<C extends RunsContext<C>>(
  ctx: C,
  run: RunRow,
  key: string,
  attempts: number,
  error: unknown,
): Promise<Outcome> {
  const reference = newReference();
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const final = attempts >= ctx.runPolicy.maxAttempts;
  ctx.log.error(
    { err: error, reference, runId: run.id, kind: run.kind, step: key, attempts, final },
    'run step failed',
  );
  const definition = ctx.runs[run.kind];
  await ctx.db.transaction(async (tx) => {
    // Wait for the lock rather than skip: the failure must be recorded.
    await lockRunForFailure(tx, run.id);
    const now = ctx.now();
    await updateStep(tx, run.id, key, {
      status: final ? 'failed' : 'pending',
      lastError: message,
      errorReference: reference,
      finishedAt: final ? now : null,
    });
    if (final) {
      await updateRun(tx, run.id, { state: 'failed', finishedAt: now, updatedAt: now });
      await definition.onFailed(tx, ctx, run, key, reference);
    } else {
      await touchRun(tx, run.id, now);
      const delaySeconds = Math.max(1, Math.round(ctx.runPolicy.retryDelayMs(attempts) / 1000));
      await ctx.jobs.send(tx, runAdvanceJob, { runId: run.id }, { startAfter: delaySeconds });
    }
  });
  return final ? 'failed' : 'retrying';
}

/**
 * Runs a failed run again from its failed step (with fresh attempts), in the caller's
 * transaction. Returns false when the run is not failed.
 */
export async function restartFailedRun<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  organizationId: string,
  kind: RunKind,
): Promise<boolean> {
  const run = await reopenFailedRun(tx, organizationId, kind, ctx.now());
  if (!run) return false;
  await ctx.jobs.send(tx, runAdvanceJob, { runId: run.id });
  return true;
}

/**
 * Queues an advance for every running run (at start-up) or for runs nobody moved lately
 * (periodically): after a crash, work resumes where it stopped. Duplicates are harmless.
 */
export async function resumeRuns<C extends RunsContext<C>>(
  ctx: C,
  options: { staleForMs?: number } = {},
): Promise<number> {
  const ids =
    options.staleForMs === undefined
      ? await runningRunIds(ctx.db)
      : await staleRunningRuns(ctx.db, new Date(ctx.now().getTime() - options.staleForMs));
  for (const { id } of ids) {
    await ctx.db.transaction((tx) => ctx.jobs.send(tx, runAdvanceJob, { runId: id }));
  }
  return ids.length;
}

export type RunProgress = {
  state: 'pending' | 'running' | 'succeeded' | 'failed';
  steps: { key: string; status: StepStatus; attempts: number }[];
  error: { step: string; reference: string } | null;
};

/** Where an organization's run of `kind` stands; before it starts, every step is pending. */
export async function runProgress<C extends RunsContext<C>>(
  ctx: C,
  organizationId: string | null,
  kind: RunKind,
): Promise<RunProgress> {
  const found = organizationId ? await findRun(ctx.db, organizationId, kind) : undefined;
  if (!found) {
    return {
      state: 'pending',
      steps: ctx.runs[kind].steps.map((s) => ({ key: s.key, status: 'pending', attempts: 0 })),
      error: null,
    };
  }
  const failed = found.steps.find((s) => s.status === 'failed');
  return {
    state: found.run.state,
    steps: found.steps.map((s) => ({ key: s.key, status: s.status, attempts: s.attempts })),
    error: failed ? { step: failed.key, reference: failed.errorReference ?? '' } : null,
  };
}
