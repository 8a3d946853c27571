import type { Db } from '../db/client.ts';
import type { RunKind, RunRow, StepRow } from '../db/schema.ts';
import { hashToken, newReference } from '../security/tokens.ts';
import {
  type ExternalOutcome,
  type ExternalStep,
  isExternal,
  type RunDefinition,
  type RunsContext,
} from './definitions.ts';
import { runAdvanceJob } from './jobs.ts';
import {
  claimStep,
  completeInternalStep,
  lockRunForFailure,
  lockRunningRun,
  lockRunWhileRunning,
  reopenFailedRun,
  runningRunIds,
  staleRunningRuns,
  touchRun,
  updateRun,
  updateStep,
} from './queries.ts';

/**
 * Works run `runId` until it finishes, waits or fails, and says which; `claimed`: its step this
 * worker already holds.
 */
export async function advanceRun<C extends RunsContext<C>>(
  ctx: C,
  runId: string,
  claimed?: Claimed,
): Promise<Exclude<Outcome, 'advanced'>> {
  // Fault injection (`beforeStep`) watches every step on its own; so does a run after a stretch failed.
  let stretch = ctx.runPolicy.beforeStep === undefined;
  for (;;) {
    const outcome = await advanceOneStep(ctx, runId, claimed, stretch);
    if (outcome.kind === 'stretch-failed') {
      stretch = false;
      claimed = outcome.retry;
      continue;
    }
    if (outcome.kind !== 'advanced') return outcome.kind;
    claimed = outcome.next;
  }
}

export type Outcome = 'advanced' | 'finished' | 'busy' | 'waiting' | 'retrying' | 'failed';

/** A step this worker has marked running (and counted an attempt of), with the run it belongs to. */
export type Claimed = { run: RunRow; step: StepRow };

type Claim =
  | ({ kind: 'claimed' } & Claimed)
  | { kind: 'busy' }
  | { kind: 'timed-out'; run: RunRow; step: StepRow };

type Advanced =
  | { kind: 'advanced'; next?: Claimed | undefined }
  | { kind: 'stretch-failed'; retry: Claimed }
  | { kind: Exclude<Outcome, 'advanced'> };

/** Thrown inside a stretch when a step after its first failed: the stretch is rolled back. */
class StretchFailed extends Error {}

const advanced: Advanced = { kind: 'advanced' };

/**
 * Works the run's next step. An internal step runs in one transaction that also marks it done.
 * With `stretch`, the internal steps that follow it run in that transaction too, up to the next
 * external step or the end: one transaction for them all. Should one of those fail, the stretch
 * rolls back and the caller works its steps one transaction each, so that the steps before the
 * failing one stay done and the failure is recorded against its own step. Without `stretch`, the
 * transaction claims the next internal step, so the progress page sees each step running. An
 * external step is called outside any transaction.
 */
async function advanceOneStep<C extends RunsContext<C>>(
  ctx: C,
  runId: string,
  carried: Claimed | undefined,
  stretch: boolean,
): Promise<Advanced> {
  const claim: Claim = carried ? { kind: 'claimed', ...carried } : await claimNextStep(ctx, runId);
  if (claim.kind === 'busy') return { kind: 'busy' };
  if (claim.kind === 'timed-out') {
    const seconds = Math.round(
      ((claim.step.waitingUntil?.getTime() ?? 0) - (claim.step.startedAt?.getTime() ?? 0)) / 1000,
    );
    const outcome = await recordStepFailure(
      ctx,
      claim.run,
      claim.step.key,
      claim.step.attempts,
      new Error(`no callback within ${seconds} s`),
    );
    return { kind: outcome };
  }
  const { run, step } = claim;
  const definition = ctx.runs[run.kind];
  const stepDefinition = definition.steps.find((s) => s.key === step.key);
  if (!stepDefinition) throw new Error(`run ${runId} has unknown step ${step.key}`);
  try {
    await ctx.runPolicy.beforeStep?.(run.kind, step.key, step.attempts);
    if (isExternal(stepDefinition)) {
      const answer = await stepDefinition.call(ctx, run, step.attempts);
      const outcome = await recordExternalOutcome(ctx, run, step, answer);
      return outcome === 'advanced' ? advanced : { kind: outcome };
    }
    return await ctx.db.transaction(async (tx): Promise<Advanced> => {
      const locked = await lockRunningRun(tx, runId);
      if (!locked) return { kind: 'busy' };
      const [current, ...rest] = locked.remaining;
      // Another worker finished or took this step meanwhile: look again.
      if (current?.key !== step.key || current.attempts !== step.attempts) return advanced;
      await stepDefinition.run(tx, ctx, locked.run);
      const alsoDone = stretch ? await workStretch(tx, ctx, definition, locked.run, rest) : [];
      return completeInternal(tx, ctx, locked.run, step.key, alsoDone, rest[alsoDone.length]);
    });
  } catch (error) {
    if (error instanceof StretchFailed) return { kind: 'stretch-failed', retry: { run, step } };
    return { kind: await recordStepFailure(ctx, run, step.key, step.attempts, error) };
  }
}

/**
 * Works the pending internal steps at the head of `following` in the caller's transaction, and
 * answers their keys. A failure throws `StretchFailed`, which rolls the whole stretch back.
 */
export async function workStretch<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  definition: RunDefinition<C>,
  run: RunRow,
  following: readonly StepRow[],
): Promise<string[]> {
  const done: string[] = [];
  for (const step of following) {
    const stepDefinition = definition.steps.find((s) => s.key === step.key);
    if (!stepDefinition || isExternal(stepDefinition) || step.status !== 'pending') break;
    try {
      await stepDefinition.run(tx, ctx, run);
    } catch (error) {
      throw new StretchFailed(`step ${step.key} failed within a stretch`, { cause: error });
    }
    done.push(step.key);
  }
  return done;
}

/** The lease and callback token an external step's claim takes; undefined for an internal step. */
function externalClaim<C>(definition: RunDefinition<C>, run: RunRow, key: string, now: Date) {
  const stepDefinition = definition.steps.find((s) => s.key === key);
  if (!stepDefinition || !isExternal(stepDefinition)) return undefined;
  return {
    leasedUntil: new Date(now.getTime() + (stepDefinition.callTimeoutSeconds + 5) * 1000),
    callbackTokenHash: hashToken(stepDefinition.callbackToken(run)),
  };
}

/**
 * Says which step is running (its own transaction, so progress pages see it) and takes it. An
 * external step still leased by another worker, or waiting for its callback, is left alone
 * until the lease or the wait runs out.
 */
async function claimNextStep<C extends RunsContext<C>>(ctx: C, runId: string): Promise<Claim> {
  return ctx.db.transaction(async (tx): Promise<Claim> => {
    const locked = await lockRunningRun(tx, runId);
    const run = locked?.run;
    const step = locked?.remaining[0];
    if (!run || !step) return { kind: 'busy' };
    const now = ctx.now();
    const definition = ctx.runs[run.kind];
    const stepDefinition = definition.steps.find((s) => s.key === step.key);
    if (step.status === 'waiting') {
      if (step.waitingUntil && step.waitingUntil > now) return { kind: 'busy' };
      return { kind: 'timed-out', run, step };
    }
    const external = stepDefinition && isExternal(stepDefinition);
    if (external && step.status === 'running' && step.leasedUntil && step.leasedUntil > now) {
      await scheduleAdvance(tx, ctx, runId, step.leasedUntil, now);
      return { kind: 'busy' };
    }
    await claimStep(tx, runId, step.key, now, externalClaim(definition, run, step.key, now));
    return { kind: 'claimed', run, step: { ...step, status: 'running', attempts: step.attempts + 1 } };
  });
}

async function scheduleAdvance<C extends RunsContext<C>>(tx: Db, ctx: C, runId: string, at: Date, now: Date) {
  const seconds = Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000) + 1);
  await ctx.jobs.send(tx, runAdvanceJob, { runId }, { startAfter: seconds });
}

/**
 * Marks internal step `key` done in the caller's transaction, in one statement with what comes
 * next: a following internal step is claimed (the caller goes straight on to run it), and the
 * last step finishes the run and calls its `onSucceeded`.
 */
export async function completeInternal<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  run: RunRow,
  key: string,
  alsoDone: readonly string[],
  following: StepRow | undefined,
): Promise<Advanced> {
  const now = ctx.now();
  if (!following) {
    await completeInternalStep(tx, run.id, key, { finish: true, alsoDone }, now);
    await ctx.runs[run.kind].onSucceeded(tx, ctx, run);
    return { kind: 'finished' };
  }
  const next = ctx.runs[run.kind].steps.find((s) => s.key === following.key);
  const claims = next !== undefined && !isExternal(next) && following.status === 'pending';
  await completeInternalStep(
    tx,
    run.id,
    key,
    claims ? { claim: following.key, alsoDone } : { alsoDone },
    now,
  );
  if (!claims) return advanced;
  return {
    kind: 'advanced',
    next: { run, step: { ...following, status: 'running', attempts: following.attempts + 1 } },
  };
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
async function recordExternalOutcome<C extends RunsContext<C>>(
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

async function recordStepFailure<C extends RunsContext<C>>(
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
