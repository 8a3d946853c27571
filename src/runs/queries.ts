import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type RunKind, type RunRow, runSteps, runs, type StepRow } from '../db/schema.ts';

export async function insertRun(
  tx: Db,
  organizationId: string,
  kind: RunKind,
  stepKeys: readonly string[],
  now: Date,
) {
  const [run] = await tx
    .insert(runs)
    .values({ organizationId, kind, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [runs.organizationId, runs.kind] })
    .returning();
  if (!run) return undefined;
  await tx.insert(runSteps).values(stepKeys.map((key, position) => ({ runId: run.id, key, position })));
  return run;
}

/**
 * Locks a running run for this transaction; undefined when another worker holds it (it is
 * advancing the run right now) or the run is finished.
 */
export async function lockRunningRun(tx: Db, runId: string): Promise<RunRow | undefined> {
  const [run] = await tx
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.state, 'running')))
    .for('update', { skipLocked: true });
  return run;
}

export async function nextStep(tx: Db, runId: string): Promise<StepRow | undefined> {
  const [step] = await tx
    .select()
    .from(runSteps)
    .where(and(eq(runSteps.runId, runId), ne(runSteps.status, 'done')))
    .orderBy(asc(runSteps.position))
    .limit(1);
  return step;
}

/** The steps of a run not yet done, in order (the first is the one to work on). */
export async function remainingSteps(tx: Db, runId: string): Promise<StepRow[]> {
  return tx
    .select()
    .from(runSteps)
    .where(and(eq(runSteps.runId, runId), ne(runSteps.status, 'done')))
    .orderBy(asc(runSteps.position));
}

export async function updateStep(tx: Db, runId: string, key: string, values: Partial<StepRow>) {
  await tx
    .update(runSteps)
    .set(values)
    .where(and(eq(runSteps.runId, runId), eq(runSteps.key, key)));
}

export async function updateRun(tx: Db, runId: string, values: Partial<RunRow>) {
  await tx.update(runs).set(values).where(eq(runs.id, runId));
}

export async function findRun(db: Db, organizationId: string, kind: RunKind) {
  const [run] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.organizationId, organizationId), eq(runs.kind, kind)));
  if (!run) return undefined;
  const steps = await db
    .select()
    .from(runSteps)
    .where(eq(runSteps.runId, run.id))
    .orderBy(asc(runSteps.position));
  return { run, steps };
}

/** Runs still running that nobody has moved for `idleMs`: their worker may have died. */
export async function staleRunningRuns(db: Db, before: Date) {
  return db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.state, 'running'), lt(runs.updatedAt, before)))
    .limit(100);
}

export async function runningRunIds(db: Db) {
  return db.select({ id: runs.id }).from(runs).where(eq(runs.state, 'running')).limit(1000);
}

export async function touchRun(tx: Db, runId: string, now: Date) {
  await tx.update(runs).set({ updatedAt: now }).where(eq(runs.id, runId));
}

export const stepAttemptsPlusOne = sql`${runSteps.attempts} + 1`;

/** Waits for the run's lock (a failure must be recorded, not skipped). */
export async function lockRunForFailure(tx: Db, runId: string): Promise<void> {
  await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, runId)).for('update');
}

/** A failed run back to running, its failed steps pending with fresh attempts; undefined if not failed. */
export async function reopenFailedRun(tx: Db, organizationId: string, kind: RunKind, now: Date) {
  const [run] = await tx
    .update(runs)
    .set({ state: 'running', finishedAt: null, updatedAt: now })
    .where(and(eq(runs.organizationId, organizationId), eq(runs.kind, kind), eq(runs.state, 'failed')))
    .returning({ id: runs.id });
  if (!run) return undefined;
  await tx
    .update(runSteps)
    .set({ status: 'pending', attempts: 0, finishedAt: null })
    .where(and(eq(runSteps.runId, run.id), eq(runSteps.status, 'failed')));
  return run;
}

/** Each run of an organization: its kind, state and the keys of its failed steps. */
export async function runSummaries(db: Db, organizationId: string) {
  const rows = await db
    .select({
      kind: runs.kind,
      state: runs.state,
      failedSteps: sql<
        string[]
      >`coalesce(array_agg(${runSteps.key}) filter (where ${runSteps.status} = 'failed'), '{}')`,
    })
    .from(runs)
    .leftJoin(runSteps, eq(runSteps.runId, runs.id))
    .where(eq(runs.organizationId, organizationId))
    .groupBy(runs.kind, runs.state);
  return rows.map((r) => ({ kind: r.kind, state: r.state, failedSteps: r.failedSteps ?? [] }));
}

/** The step waiting for (or running toward) the callback with this token hash, with its run. */
export async function findStepByCallback(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ step: runSteps, run: runs })
    .from(runSteps)
    .innerJoin(runs, eq(runs.id, runSteps.runId))
    .where(eq(runSteps.callbackTokenHash, tokenHash));
  return row;
}

/** Waits for the lock of a run that is still running; undefined when it finished meanwhile. */
export async function lockRunWhileRunning(tx: Db, runId: string): Promise<RunRow | undefined> {
  const [run] = await tx
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.state, 'running')))
    .for('update');
  return run;
}
