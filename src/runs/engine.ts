import type { Db } from '../db/client.ts';
import type { RunRow, StepRow } from '../db/schema.ts';
import { hashToken } from '../security/tokens.ts';
import { isExternal, type Outcome, type RunDefinition, type RunsContext } from './definitions.ts';
import { recordExternalOutcome, scheduleAdvance } from './external.ts';
import { recordStepFailure } from './failure.ts';
import { claimStep, completeInternalStep, lockRunningRun } from './queries.ts';

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
      return workInternalStep(tx, ctx, locked.run, step.key, rest, stretch);
    });
  } catch (error) {
    if (error instanceof StretchFailed) return { kind: 'stretch-failed', retry: { run, step } };
    return { kind: await recordStepFailure(ctx, run, step.key, step.attempts, error) };
  }
}

/**
 * Works internal step `key` (claimed) in `tx`, with `stretch` the internal steps in `following`
 * after it too, and marks them done: one statement, which also claims what comes next or
 * finishes the run.
 */
export async function workInternalStep<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  run: RunRow,
  key: string,
  following: readonly StepRow[],
  stretch: boolean,
): Promise<Advanced> {
  const definition = ctx.runs[run.kind];
  const stepDefinition = definition.steps.find((s) => s.key === key);
  if (!stepDefinition || isExternal(stepDefinition))
    throw new Error(`run ${run.id} has no internal step ${key}`);
  await stepDefinition.run(tx, ctx, run);
  const alsoDone = stretch ? await workStretch(tx, ctx, definition, run, following) : [];
  return completeInternal(tx, ctx, run, key, alsoDone, following[alsoDone.length]);
}

/**
 * Works the pending internal steps at the head of `following` in the caller's transaction, and
 * answers their keys. A failure throws `StretchFailed`, which rolls the whole stretch back.
 */
async function workStretch<C extends RunsContext<C>>(
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

/**
 * Marks internal step `key` done in the caller's transaction, in one statement with what comes
 * next: a following internal step is claimed (the caller goes straight on to run it), and the
 * last step finishes the run and calls its `onSucceeded`.
 */
async function completeInternal<C extends RunsContext<C>>(
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
