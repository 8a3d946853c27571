/**
 * Steps done by other systems: their answers (done, accepted for a callback, refused), their
 * callbacks, and the advance that waits for a lease or a callback.
 */
import type { Db } from '../db/client.ts';
import type { RunRow, StepRow } from '../db/schema.ts';
import type { ExternalOutcome, ExternalStep, Outcome, RunsContext } from './definitions.ts';
import { recordStepFailure } from './failure.ts';
import { runAdvanceJob } from './jobs.ts';
import { lockRunWhileRunning, touchRun, updateRun, updateStep } from './queries.ts';

/** Queues the run's advance for just after `at` (a lease or a wait running out). */
export async function scheduleAdvance<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  runId: string,
  at: Date,
  now: Date,
) {
  const seconds = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000) + 1);
  await ctx.jobs.send(tx, runAdvanceJob, { runId }, { startAfter: seconds });
}

/**
 * Marks external step `key` done in the caller's transaction, with the receiver's answer; the
 * last step finishes the run and calls its `onSucceeded`. The advance loop (or a job) claims
 * whatever follows in its own transaction.
 */
async function completeExternal<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  run: RunRow,
  key: string,
  answer: Partial<StepRow>,
  following: StepRow | undefined,
): Promise<'advanced' | 'finished'> {
  const now = ctx.now();
  await updateStep(tx, run.id, key, {
    status: 'done',
    finishedAt: now,
    lastError: null,
    errorReference: null,
    leasedUntil: null,
    waitingUntil: null,
    ...answer,
  });
  if (following) {
    await touchRun(tx, run.id, now);
    return 'advanced';
  }
  await updateRun(tx, run.id, { state: 'succeeded', finishedAt: now, updatedAt: now });
  await ctx.runs[run.kind].onSucceeded(tx, ctx, run);
  return 'finished';
}

/** Records a receiver's answer, if this attempt still holds the step (a callback may have been faster). */
export async function recordExternalOutcome<C extends RunsContext<C>>(
  ctx: C,
  run: RunRow,
  claimed: StepRow,
  outcome: ExternalOutcome,
): Promise<Outcome> {
  if (outcome.kind === 'refused') {
    return recordStepFailure(ctx, run, claimed.key, claimed.attempts, new Error(outcome.message), {
      final: true,
      extra: { responseStatus: outcome.status, response: outcome.response },
    });
  }
  const definition = ctx.runs[run.kind];
  const stepDefinition = definition.steps.find((s) => s.key === claimed.key) as ExternalStep<C>;
  return ctx.db.transaction(async (tx): Promise<Outcome> => {
    const locked = await lockRunWhileRunning(tx, run.id);
    if (!locked) return 'busy';
    const [current, following] = locked.remaining;
    if (
      current?.key !== claimed.key ||
      current.status !== 'running' ||
      current.attempts !== claimed.attempts
    ) {
      return 'advanced';
    }
    const answer = { responseStatus: outcome.status, response: outcome.response };
    if (outcome.kind === 'done') {
      return completeExternal(tx, ctx, locked.run, claimed.key, answer, following);
    }
    const now = ctx.now();
    const waitingUntil = new Date(now.getTime() + stepDefinition.timeoutSeconds * 1000);
    await updateStep(tx, run.id, claimed.key, {
      ...answer,
      status: 'waiting',
      waitingUntil,
      statusUrl: outcome.statusUrl,
      leasedUntil: null,
    });
    await touchRun(tx, run.id, now);
    // If no callback comes, this advance finds the wait over and fails the attempt.
    await scheduleAdvance(tx, ctx, run.id, waitingUntil, now);
    return 'waiting';
  });
}

/**
 * A receiver's callback for a step that answered 202: `succeeded` completes it and the run
 * moves on; `failed` fails it for good with the receiver's message. Undefined when no step
 * holds the token, 'settled' when that step is no longer waiting.
 */
export async function settleExternalStep<C extends RunsContext<C>>(
  ctx: C,
  step: StepRow,
  run: RunRow,
  result: { status: 'succeeded' | 'failed'; message?: string | undefined; response: unknown },
): Promise<'settled' | Outcome> {
  if (result.status === 'failed') {
    const failed = await ctx.db.transaction(async (tx) => {
      const current = (await lockRunWhileRunning(tx, run.id))?.remaining[0];
      return current?.key === step.key && (current.status === 'waiting' || current.status === 'running');
    });
    if (!failed) return 'settled';
    return recordStepFailure(
      ctx,
      run,
      step.key,
      step.attempts,
      new Error(result.message ?? 'the receiver reported a failure'),
      {
        final: true,
        extra: { response: result.response },
      },
    );
  }
  return ctx.db.transaction(async (tx) => {
    const locked = await lockRunWhileRunning(tx, run.id);
    if (!locked) return 'settled';
    const [current, following] = locked.remaining;
    if (current?.key !== step.key || (current.status !== 'waiting' && current.status !== 'running'))
      return 'settled';
    const done = await completeExternal(
      tx,
      ctx,
      locked.run,
      step.key,
      { response: result.response },
      following,
    );
    if (done === 'finished') return 'finished';
    // A worker runs what follows.
    await ctx.jobs.send(tx, runAdvanceJob, { runId: run.id });
    return 'advanced';
  });
}
