import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { type RunKind, runSteps, runs, type StepStatus } from '../db/schema.ts';
import { defineJob } from '../jobs/jobs.ts';
import { newReference } from '../security/tokens.ts';
import type { RunDefinition } from './definitions.ts';
import {
  findRun,
  insertRun,
  lockRunningRun,
  nextStep,
  type RunRow,
  runningRunIds,
  staleRunningRuns,
  stepAttemptsPlusOne,
  touchRun,
  updateRun,
  updateStep,
} from './queries.ts';
import { runDefinitions } from './registry.ts';

/** Moves a run forward, step by step; a duplicate job for the same run finds it locked and leaves. */
export const runAdvanceJob = defineJob({
  name: 'run-advance',
  payload: z.object({ runId: z.uuid() }),
  // pg-boss retries only a crashed or expired job; step failures are retried by the engine.
  queue: { retryLimit: 20, retryDelay: 5, retryBackoff: true, retryDelayMax: 300, expireInSeconds: 300 },
  async handle({ runId }, ctx) {
    await advanceRun(ctx, runId);
  },
});

/** Creates a run with all its steps pending and queues its first advance, in the caller's transaction. */
export async function startRun(
  tx: Db,
  ctx: AppContext,
  organizationId: string,
  kind: RunKind,
): Promise<RunRow | undefined> {
  const definition = runDefinitions[kind];
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

export async function advanceRun(ctx: AppContext, runId: string): Promise<void> {
  for (;;) {
    const outcome = await advanceOneStep(ctx, runId);
    if (outcome !== 'advanced') return;
  }
}

type Outcome = 'advanced' | 'finished' | 'busy' | 'retrying' | 'failed';

async function advanceOneStep(ctx: AppContext, runId: string): Promise<Outcome> {
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
  const definition = runDefinitions[claimed.run.kind];
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

async function recordStepFailure(
  ctx: AppContext,
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
  const definition = runDefinitions[run.kind];
  await ctx.db.transaction(async (tx) => {
    // Wait for the lock rather than skip: the failure must be recorded.
    await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, run.id)).for('update');
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
export async function restartFailedRun(
  tx: Db,
  ctx: AppContext,
  organizationId: string,
  kind: RunKind,
): Promise<boolean> {
  const [run] = await tx
    .update(runs)
    .set({ state: 'running', finishedAt: null, updatedAt: ctx.now() })
    .where(and(eq(runs.organizationId, organizationId), eq(runs.kind, kind), eq(runs.state, 'failed')))
    .returning({ id: runs.id });
  if (!run) return false;
  await tx
    .update(runSteps)
    .set({ status: 'pending', attempts: 0, finishedAt: null })
    .where(and(eq(runSteps.runId, run.id), eq(runSteps.status, 'failed')));
  await ctx.jobs.send(tx, runAdvanceJob, { runId: run.id });
  return true;
}

/**
 * Queues an advance for every running run (at start-up) or for runs nobody moved lately
 * (periodically): after a crash, work resumes where it stopped. Duplicates are harmless.
 */
export async function resumeRuns(ctx: AppContext, options: { staleForMs?: number } = {}): Promise<number> {
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

/** A run that has not started: every step pending. */
export function pendingProgress(kind: RunKind): RunProgress {
  return {
    state: 'pending',
    steps: runDefinitions[kind].steps.map((s) => ({ key: s.key, status: 'pending', attempts: 0 })),
    error: null,
  };
}

/** Where an organization's run of `kind` stands. */
export async function runProgress(db: Db, organizationId: string, kind: RunKind): Promise<RunProgress> {
  const found = await findRun(db, organizationId, kind);
  if (!found) return pendingProgress(kind);
  const failed = found.steps.find((s) => s.status === 'failed');
  return {
    state: found.run.state,
    steps: found.steps.map((s) => ({ key: s.key, status: s.status, attempts: s.attempts })),
    error: failed ? { step: failed.key, reference: failed.errorReference ?? '' } : null,
  };
}

export type { RunDefinition };
