import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { RunKind } from '../db/schema.ts';
import type { RunRow } from './queries.ts';

/**
 * One step of a run. It runs inside a transaction that also marks it done, so whatever it
 * writes (rows, outbox emails, jobs) happens exactly once, however often it is attempted.
 */
export type StepDefinition = {
  key: string;
  run(tx: Db, ctx: AppContext, run: RunRow): Promise<void>;
};

export type RunDefinition = {
  kind: RunKind;
  steps: readonly StepDefinition[];
  /** Called in the transaction of the last step, after every step succeeded. */
  onSucceeded(tx: Db, ctx: AppContext, run: RunRow): Promise<void>;
  onFailed(tx: Db, ctx: AppContext, run: RunRow, step: string, reference: string): Promise<void>;
};

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
