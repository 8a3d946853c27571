import { randomUUID } from 'node:crypto';
import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import { arrayLiteral } from '../db/arrays.ts';
import type { Db } from '../db/client.ts';
import { writesAtCommit } from '../db/commit-hooks.ts';
import { compileSql } from '../db/compiled.ts';
import { isConstant } from '../db/constants.ts';
import { type RunKind, type RunRow, runSteps, runs, type StepRow } from '../db/schema.ts';

/**
 * Inserts a run with its steps pending; with `claimFirst`, its first step is already running on
 * its first attempt (the caller works it as soon as the transaction commits). Undefined when the
 * organization already has a run of this kind.
 */
const runInserted = compileSql<
  { id: string; organizationId: string; kind: RunKind; at: string; claimFirst: boolean; steps: string },
  { n: number }
>(
  (p) => sql`with run as (
      insert into ${runs} (id, organization_id, kind, created_at, updated_at)
      values (${p.id}, ${p.organizationId}, ${p.kind}, ${p.at}::timestamptz, ${p.at}::timestamptz)
      on conflict (organization_id, kind) do nothing
      returning id
    ), steps as (
      insert into ${runSteps} (run_id, key, position, status, attempts, started_at)
      select run.id, step.key, step.n - 1,
             case when step.n = 1 and ${p.claimFirst}::boolean then 'running' else 'pending' end,
             case when step.n = 1 and ${p.claimFirst}::boolean then 1 else 0 end,
             case when step.n = 1 and ${p.claimFirst}::boolean then ${p.at}::timestamptz end
      from run cross join unnest(${p.steps}::text[]) with ordinality as step(key, n)
    )
    select count(*)::int as n from run`,
  ['id', 'organizationId', 'kind', 'at', 'claimFirst', 'steps'],
);

/** A run as a new row reads: running since `now`. */
export function runningRun(id: string, organizationId: string, kind: RunKind, now: Date): RunRow {
  return { id, organizationId, kind, state: 'running', createdAt: now, updatedAt: now, finishedAt: null };
}

export async function insertRun(
  tx: Db,
  organizationId: string,
  kind: RunKind,
  stepKeys: readonly string[],
  now: Date,
  options: { claimFirst?: boolean } = {},
): Promise<{ run: RunRow; steps: StepRow[] } | undefined> {
  // One statement: the rows are known but for whether the run is new.
  const id = randomUUID();
  const at = now.toISOString();
  const claimFirst = options.claimFirst === true;
  const [inserted] = await runInserted(tx, {
    id,
    organizationId,
    kind,
    at,
    claimFirst,
    steps: arrayLiteral(stepKeys),
  });
  if (!inserted?.n) return undefined;
  const run = runningRun(id, organizationId, kind, now);
  const steps = stepKeys.map(
    (key, position): StepRow => ({
      runId: id,
      key,
      position,
      status: claimFirst && position === 0 ? 'running' : 'pending',
      attempts: claimFirst && position === 0 ? 1 : 0,
      startedAt: claimFirst && position === 0 ? now : null,
      finishedAt: null,
      lastError: null,
      errorReference: null,
      leasedUntil: null,
      waitingUntil: null,
      callbackTokenHash: null,
      statusUrl: null,
      responseStatus: null,
      response: null,
    }),
  );
  return { run, steps };
}

type FinishedRun = {
  id: string;
  organizationId: string;
  kind: RunKind;
  at: string;
  steps: readonly string[];
};

/**
 * A run worked to its end in the transaction that created its organization, written in its final
 * state (succeeded, each step done on its first attempt) with the statement that transaction runs
 * as it commits: nothing read it before. No run of its kind can exist yet; should one, the commit
 * fails rather than the steps count twice.
 */
export async function insertFinishedRun(tx: Db, run: FinishedRun): Promise<void> {
  await finishedRunsAtCommit.add(tx, [run]);
}

const finishedRunsAtCommit = writesAtCommit<Db, FinishedRun>('finished_runs', (finished) => {
  const rows = sql`json_to_recordset(${finished}::json)
    as r(id uuid, "organizationId" uuid, kind text, at timestamptz, steps json)`;
  return sql`finished_runs as (
      insert into ${runs} (id, organization_id, kind, state, created_at, updated_at, finished_at)
      select r.id, r."organizationId", r.kind, 'succeeded', r.at, r.at, r.at from ${rows}
    ), finished_run_steps as (
      insert into ${runSteps} (run_id, key, position, status, attempts, started_at, finished_at)
      select r.id, step.key, step.n - 1, 'done', 1, r.at, r.at
      from ${rows} cross join json_array_elements_text(r.steps) with ordinality as step(key, n)
    )`;
});

type LockedRun = { run: RunRow; remaining: StepRow[] };

/** A running run locked for this transaction, with its steps not yet done in order: one round trip. */
async function lockRun(tx: Db, runId: string, skipLocked: boolean): Promise<LockedRun | undefined> {
  const rows = await tx
    .select({ run: runs, step: runSteps })
    .from(runs)
    .leftJoin(runSteps, and(eq(runSteps.runId, runs.id), ne(runSteps.status, 'done')))
    .where(and(eq(runs.id, runId), eq(runs.state, 'running')))
    .orderBy(asc(runSteps.position))
    .for('update', skipLocked ? { of: runs, skipLocked: true } : { of: runs });
  const [first] = rows;
  if (!first) return undefined;
  return { run: first.run, remaining: rows.flatMap((row) => (row.step ? [row.step] : [])) };
}

/**
 * Locks a running run and reads its steps not yet done (the first is the one to work on);
 * undefined when another worker holds it (it is advancing the run right now) or it is finished.
 */
export function lockRunningRun(tx: Db, runId: string): Promise<LockedRun | undefined> {
  return lockRun(tx, runId, true);
}

/**
 * Claims step `key` (running, one more attempt, since `now`) and notes the run moved; an
 * external step also gets its lease and callback token hash. One statement.
 */
export async function claimStep(
  tx: Db,
  runId: string,
  key: string,
  now: Date,
  external?: { leasedUntil: Date; callbackTokenHash: string },
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    with claimed as (
      update ${runSteps}
      set status = 'running', attempts = attempts + 1, started_at = ${at}::timestamptz,
          leased_until = ${external?.leasedUntil.toISOString() ?? null}::timestamptz,
          callback_token_hash = coalesce(${external?.callbackTokenHash ?? null}, callback_token_hash)
      where run_id = ${runId} and key = ${key}
    )
    update ${runs} set updated_at = ${at}::timestamptz where id = ${runId}`);
}

/**
 * Internal steps done, in one statement: marks `key` (claimed before) done, and the steps in
 * `then.alsoDone` (worked in the same transaction, one attempt each) too; then claims step
 * `then.claim` (the caller goes straight on to run it), or finishes the run as succeeded
 * (`then.finish`), or only notes that the run moved.
 */
export async function completeInternalStep(
  tx: Db,
  runId: string,
  key: string,
  then: { claim?: string; finish?: true; alsoDone?: readonly string[] },
  now: Date,
): Promise<void> {
  await internalStepDone(tx, {
    runId,
    key,
    at: now.toISOString(),
    finish: then.finish === true,
    claim: then.claim ?? null,
    alsoDone: arrayLiteral(then.alsoDone ?? []),
  });
}

const internalStepDone = compileSql<
  { runId: string; key: string; at: string; finish: boolean; claim: string | null; alsoDone: string },
  never
>(
  (p) => sql`
    with done as (
      update ${runSteps}
      set status = 'done', finished_at = ${p.at}::timestamptz, last_error = null, error_reference = null,
          leased_until = null, waiting_until = null
      where run_id = ${p.runId} and key = ${p.key}
    ), stretched as (
      update ${runSteps}
      set status = 'done', attempts = attempts + 1, started_at = ${p.at}::timestamptz,
          finished_at = ${p.at}::timestamptz, last_error = null, error_reference = null
      where run_id = ${p.runId} and key = any(${p.alsoDone}::text[]) and status = 'pending'
    ), claimed as (
      update ${runSteps}
      set status = 'running', attempts = attempts + 1, started_at = ${p.at}::timestamptz
      where run_id = ${p.runId} and key = ${p.claim}::text and status = 'pending'
    )
    update ${runs}
    set updated_at = ${p.at}::timestamptz,
        state = case when ${p.finish}::boolean then 'succeeded' else state end,
        finished_at = case when ${p.finish}::boolean then ${p.at}::timestamptz else finished_at end
    where id = ${p.runId}`,
  ['runId', 'key', 'at', 'finish', 'claim', 'alsoDone'],
);

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
    .where(and(isConstant(runs.state, 'running'), lt(runs.updatedAt, before)))
    .limit(100);
}

export async function runningRunIds(db: Db) {
  return db.select({ id: runs.id }).from(runs).where(isConstant(runs.state, 'running')).limit(1000);
}

export async function touchRun(tx: Db, runId: string, now: Date) {
  await tx.update(runs).set({ updatedAt: now }).where(eq(runs.id, runId));
}

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

/**
 * Each run of an organization: its kind, state and the keys of its failed steps. The failed
 * steps are looked up run by run: joined and grouped, a plan made while the table of steps was
 * small hashed all of it, and a prepared statement kept that plan as the table grew.
 */
export async function runSummaries(db: Db, organizationId: string) {
  const rows = await db
    .select({
      kind: runs.kind,
      state: runs.state,
      failedSteps: sql<string[]>`coalesce((
        select array_agg(${runSteps.key} order by ${runSteps.position}) from ${runSteps}
        where ${runSteps.runId} = ${runs.id} and ${runSteps.status} = 'failed'), '{}')`,
    })
    .from(runs)
    .where(eq(runs.organizationId, organizationId));
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

/** Waits for the lock of a run that is still running (undefined when it finished meanwhile). */
export function lockRunWhileRunning(tx: Db, runId: string): Promise<LockedRun | undefined> {
  return lockRun(tx, runId, false);
}
