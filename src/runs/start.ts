import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { RunKind, RunRow, StepRow } from '../db/schema.ts';
import { isExternal, type RunDefinition, type RunSubject, type RunsContext } from './definitions.ts';
import { eagerSafetyNetSeconds } from './eager.ts';
import { advanceRun, workInternalStep } from './engine.ts';
import { runAdvanceJob } from './jobs.ts';
import { insertFinishedRun, insertRun, runningRun } from './queries.ts';

/**
 * A run just started; `eager` when its advance waits as a safety net for `workRunNow`, with its
 * first step when that was claimed with the run. `finished` when it was worked to its end in
 * the transaction that started it.
 */
export type StartedRun = {
  run: RunRow;
  eager: boolean;
  finished: boolean;
  claimed?: StepRow | undefined;
  /** The delayed advance of an eager run: deleted once the run is worked to its end. */
  safetyNet?: string | null;
};

/**
 * Thrown by `startRun(…, { eager: true })` when a step it worked in the caller's transaction
 * failed: the caller rolls that transaction back and starts the run again with `inline: false`,
 * so the step fails in the engine's own transaction, where its failure is recorded and retried.
 */
export class InlineRunFailed extends Error {}

/**
 * Creates a run with all its steps pending and queues its first advance, in the caller's
 * transaction. Optional steps (connectors limited to some regions or products) are included
 * only when they apply to `subject`.
 *
 * With `eager`: the internal steps at the head of the run are worked right here, in the caller's
 * transaction, which then commits them with everything else it does (no fault injection, not
 * with `inline: false`, and not in a process whose eager runs are full). If steps remain
 * (external ones), a process that runs workers works them at once after the commit: without
 * inline working, its first internal step is claimed with the run, and the advance is a delayed
 * safety net; the caller calls `workRunNow` once the transaction committed. Elsewhere the
 * advance is queued at once.
 *
 * With `newOrganization` too (the caller created the organization in `tx`, so it has no runs), a
 * run of internal steps only is worked whole before it is written, and is written once,
 * finished, with the statement `tx` runs as it commits: two statements fewer than inserting it
 * pending and marking it done (see `worksWholeRun`).
 */
export async function startRun<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  organizationId: string,
  kind: RunKind,
  subject: RunSubject,
  options: {
    eager?: boolean;
    inline?: boolean;
    newOrganization?: boolean;
    /** `worksWholeRun` as the caller asked it before writing anything the run needs. */
    wholeRun?: boolean;
  } = {},
): Promise<StartedRun | undefined> {
  const steps = stepsOf(ctx, kind, subject);
  const whole = options.wholeRun ?? worksWholeRun(ctx, kind, subject, options);
  if (options.eager === true && options.newOrganization === true && whole) {
    return { run: await workWholeRun(tx, ctx, organizationId, kind, steps), eager: false, finished: true };
  }
  const eager = options.eager === true && ctx.eagerRuns?.hasRoom() === true;
  const first = steps[0];
  const internalFirst = first !== undefined && !isExternal(first);
  // Inline work is part of the caller's transaction, so a web process (no workers) does it too;
  // a process that works runs but has no room left queues instead.
  const inline =
    options.eager === true &&
    internalFirst &&
    options.inline !== false &&
    ctx.runPolicy.beforeStep === undefined &&
    (ctx.eagerRuns === undefined || eager);
  const claimFirst = (eager || inline) && internalFirst;
  const inserted = await insertRun(
    tx,
    organizationId,
    kind,
    steps.map((s) => s.key),
    ctx.now(),
    { claimFirst },
  );
  if (!inserted) return undefined;
  if (inline && (await workInline(tx, ctx, inserted))) {
    return { run: inserted.run, eager: false, finished: true };
  }
  const job = await ctx.jobs.send(
    tx,
    runAdvanceJob,
    { runId: inserted.run.id },
    eager ? { startAfter: eagerSafetyNetSeconds } : {},
  );
  return {
    run: inserted.run,
    eager,
    finished: false,
    // Worked inline, the claimed step is done; what follows is external, claimed by the advance.
    claimed: claimFirst && !inline ? inserted.steps[0] : undefined,
    safetyNet: eager ? job : null,
  };
}

function stepsOf<C extends RunsContext<C>>(ctx: C, kind: RunKind, subject: RunSubject) {
  return ctx.runs[kind].steps.filter((s) => !isExternal(s) || s.applies(subject));
}

/**
 * Whether `startRun(…, { eager: true, newOrganization: true })` would work the run whole in the
 * caller's transaction and write it with the commit: a run of internal steps only, not with
 * `inline: false` nor fault injection, in a process with room for it. Nothing such a run writes
 * is written before the commit, so the organization may be too: the caller asks first, and
 * passes the answer on (`wholeRun`), as the room may change meanwhile.
 */
export function worksWholeRun<C extends RunsContext<C>>(
  ctx: C,
  kind: RunKind,
  subject: RunSubject,
  options: { inline?: boolean } = {},
): boolean {
  const steps = stepsOf(ctx, kind, subject);
  return (
    options.inline !== false &&
    ctx.runPolicy.beforeStep === undefined &&
    (ctx.eagerRuns === undefined || ctx.eagerRuns.hasRoom()) &&
    steps.length > 0 &&
    steps.every((s) => !isExternal(s))
  );
}

/**
 * Works every step of a new run of internal steps in `tx`, then writes it finished at commit. A
 * step that fails throws `InlineRunFailed`, as in `workInline`.
 */
async function workWholeRun<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  organizationId: string,
  kind: RunKind,
  steps: RunDefinition<C>['steps'],
): Promise<RunRow> {
  const definition = ctx.runs[kind];
  const now = ctx.now();
  const run = runningRun(randomUUID(), organizationId, kind, now);
  try {
    for (const step of steps) if (!isExternal(step)) await step.run(tx, ctx, run);
    await definition.onSucceeded(tx, ctx, run);
  } catch (error) {
    throw new InlineRunFailed(`a ${kind} step failed while worked inline`, { cause: error });
  }
  const keys = steps.map((s) => s.key);
  await insertFinishedRun(tx, { id: run.id, organizationId, kind, at: now.toISOString(), steps: keys });
  return { ...run, state: 'succeeded', finishedAt: now };
}

/** Works the run's internal steps at its head in `tx`; true when that finished the run. */
async function workInline<C extends RunsContext<C>>(
  tx: Db,
  ctx: C,
  inserted: { run: RunRow; steps: StepRow[] },
): Promise<boolean> {
  const [first, ...rest] = inserted.steps;
  if (!first) return false;
  try {
    return (await workInternalStep(tx, ctx, inserted.run, first.key, rest, true)).kind === 'finished';
  } catch (error) {
    throw new InlineRunFailed(`a ${inserted.run.kind} step failed while worked inline`, { cause: error });
  }
}

/**
 * After the commit of `startRun(…, { eager: true })`: works the run in this process now, or,
 * when this process has filled up its share since, queues its advance at once for any worker.
 * A run started without room was queued at once already; a finished one needs nothing.
 */
export function workRunNow<C extends RunsContext<C>>(ctx: C, started: StartedRun): void {
  const eager = ctx.eagerRuns;
  if (!eager || !started.eager || started.finished) return;
  const runId = started.run.id;
  const logFailure = (error: unknown) => ctx.log.error({ err: error, runId }, 'working a run at once failed');
  const carried = started.claimed && { run: started.run, step: started.claimed };
  const work = async () => {
    const outcome = await advanceRun(ctx, runId, carried);
    // Worked to its end here: its safety net has nothing left to do (a run waiting or retrying keeps it).
    if ((outcome === 'finished' || outcome === 'failed') && started.safetyNet) {
      await ctx.jobs.delete(ctx.db, runAdvanceJob, started.safetyNet);
    }
  };
  const taken = eager.take(() => work().catch(logFailure));
  if (!taken) void ctx.db.transaction((tx) => ctx.jobs.send(tx, runAdvanceJob, { runId })).catch(logFailure);
}
