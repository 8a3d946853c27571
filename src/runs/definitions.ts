import type { Db } from '../db/client.ts';
import type { RunKind, RunRow } from '../db/schema.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { EagerRuns } from './eager.ts';

/**
 * One step of a run. It runs inside a transaction that also marks it done, so whatever it
 * writes (rows, outbox emails, jobs) happens exactly once, however often it is attempted.
 * `C` is the context the composition runs steps with (the application context).
 */
type InternalStep<C> = {
  key: string;
  run(tx: Db, ctx: C, run: RunRow): Promise<void>;
};

/** Where an attempt to advance a run left it. */
export type Outcome = 'advanced' | 'finished' | 'busy' | 'waiting' | 'retrying' | 'failed';

/** A localized step name, for steps the catalog of messages does not know (connectors). */
export type StepName = { en: string; ko: string };

/**
 * What a receiver answered: done (2xx), accepted to finish later by callback (202), or refused
 * for good (4xx, with its message). Anything retryable (5xx, timeout, network) throws instead.
 */
export type ExternalOutcome =
  | { kind: 'done'; status: number; response: unknown }
  | { kind: 'waiting'; status: number; response: unknown; statusUrl: string | null }
  | { kind: 'refused'; status: number; response: unknown; message: string };

/**
 * A step done by another system over HTTP. The call happens outside any transaction (it may take
 * seconds); a lease keeps other workers from calling meanwhile, and the receiver deduplicates
 * repeats of one step by the stable idempotency key the step sends.
 */
export type ExternalStep<C> = {
  key: string;
  name: StepName;
  /** How long one call may take; a worker holds the step this long (plus a margin) before another may call. */
  callTimeoutSeconds: number;
  /** How long a 202 may wait for its callback before the attempt counts as failed. */
  timeoutSeconds: number;
  /** Whether the step belongs in this organization's run (its region and products). */
  applies(subject: RunSubject): boolean;
  /** The callback token for this run's step: stable, so a repeated call offers the same callback URL. */
  callbackToken(run: RunRow): string;
  call(ctx: C, run: RunRow, attempt: number): Promise<ExternalOutcome>;
  /** Whether a callback's signature is the receiver's. */
  verifyCallback(headers: Record<string, string | string[] | undefined>, body: string, now: Date): boolean;
};

type StepDefinition<C> = InternalStep<C> | ExternalStep<C>;

export function isExternal<C>(step: StepDefinition<C>): step is ExternalStep<C> {
  return 'call' in step;
}

/** What decides which optional steps a run has: the organization's region and subscribed SKUs. */
export type RunSubject = { region: string; skus: readonly string[] };

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
  /** Set where this process runs workers: runs it starts are worked here at once. */
  eagerRuns?: EagerRuns | undefined;
};
