import type { Db } from '../db/client.ts';
import type { RunKind, RunRow } from '../db/schema.ts';
import type { Jobs } from '../jobs/jobs.ts';

/**
 * One step of a run. It runs inside a transaction that also marks it done, so whatever it
 * writes (rows, outbox emails, jobs) happens exactly once, however often it is attempted.
 * `C` is the context the composition runs steps with (the application context).
 */
type StepDefinition<C> = {
  key: string;
  run(tx: Db, ctx: C, run: RunRow): Promise<void>;
};

export type RunDefinition<C> = {
  kind: RunKind;
  steps: readonly StepDefinition<C>[];
  /** Called in the transaction of the last step, after every step succeeded. */
  onSucceeded(tx: Db, ctx: C, run: RunRow): Promise<void>;
  onFailed(tx: Db, ctx: C, run: RunRow, step: string, reference: string): Promise<void>;
};

/** Every kind of run, as the composition assembles them. */
export type RunDefinitions<C> = Record<RunKind, RunDefinition<C>>;

/** How runs retry a failing step; tests shorten the delays and inject faults. */
export type RunPolicy = {
  maxAttempts: number;
  retryDelayMs(attempt: number): number;
  /** Test hook: called before each attempt of each step, inside nothing. */
  beforeStep?(kind: RunKind, key: string, attempt: number): Promise<void> | void;
};

export const defaultRunPolicy: RunPolicy = {
  maxAttempts: 5,
  retryDelayMs: (attempt) => Math.min(60_000, 1000 * 4 ** (attempt - 1)),
};

/** What the engine needs from its context; the application context provides it all. */
export type RunsContext<C> = {
  db: Db;
  jobs: Jobs;
  now(): Date;
  log: { error(object: object, message: string): void };
  runPolicy: RunPolicy;
  runs: RunDefinitions<C>;
};
