import type { Db } from '../db/client.ts';
import type { RunKind, RunRow, StepRow } from '../db/schema.ts';
import { newReference } from '../security/tokens.ts';
import type { Outcome, RunsContext } from './definitions.ts';
import { runAdvanceJob } from './jobs.ts';
import {
  lockRunForFailure,
  reopenFailedRun,
  runningRunIds,
  staleRunningRuns,
  touchRun,
  updateRun,
  updateStep,
} from './queries.ts';

/** A step attempt failed: retried later, or, after the last attempt (or when `final`), the run fails. */
export async function recordStepFailure<C extends RunsContext<C>>(
  ctx: C,
  run: RunRow,
  key: string,
  attempts: number,
  error: unknown,
  options: { final?: boolean; extra?: Partial<StepRow> } = {},
): Promise<Outcome> {
  const reference = newReference();
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const final = options.final === true || attempts >= ctx.runPolicy.maxAttempts;
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
      ...options.extra,
      status: final ? 'failed' : 'pending',
      lastError: message,
      errorReference: reference,
      finishedAt: final ? now : null,
      leasedUntil: null,
      waitingUntil: null,
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
