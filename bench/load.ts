import { Worker } from 'node:worker_threads';

type LoadResult = { latencies: number[]; elapsedMs: number; statuses: Record<string, number> };

/** A load generator in a worker thread (not the server's loop), kept for several loads. */
class LoadGenerator {
  readonly #worker = new Worker(new URL('./load-worker.ts', import.meta.url), {
    // Enough addresses that no client meets its rate limit within a measure.
    workerData: { clients: 4000 },
  });

  /** Keeps `concurrency` GETs of `urls` (in turn) in flight for `durationMs`. */
  run(urls: string[], options: { concurrency: number; durationMs: number }): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error);
      this.#worker.once('error', failed);
      this.#worker.once('message', (result: LoadResult) => {
        this.#worker.off('error', failed);
        resolve(result);
      });
      this.#worker.postMessage({ urls, ...options });
    });
  }

  async close(): Promise<void> {
    this.#worker.postMessage('close');
    await new Promise((resolve) => this.#worker.once('exit', resolve));
  }
}

/**
 * After `warmUpMs` of each, loads each of `targets` for `durationMs` in all, in `rounds` slices
 * taking turns (each round in the other order) from one warm generator, so that the machine's
 * drift within a measure falls on each alike; answers each target's slices together.
 */
export async function loadInTurns(
  targets: string[][],
  options: { concurrency: number; durationMs: number; rounds: number; warmUpMs: number },
): Promise<LoadResult[]> {
  const merged: LoadResult[] = targets.map(() => ({ latencies: [], elapsedMs: 0, statuses: {} }));
  const slice = { concurrency: options.concurrency, durationMs: options.durationMs / options.rounds };
  const generator = new LoadGenerator();
  try {
    // Unmeasured: the server's code and the generator's compiled, connections open.
    for (const urls of targets) await generator.run(urls, { ...slice, durationMs: options.warmUpMs });
    for (let round = 0; round < options.rounds; round++) {
      const order = targets.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) {
        const result = await generator.run(targets[i] as string[], slice);
        const into = merged[i] as LoadResult;
        for (const latency of result.latencies) into.latencies.push(latency);
        into.elapsedMs += result.elapsedMs;
        for (const [status, n] of Object.entries(result.statuses))
          into.statuses[status] = (into.statuses[status] ?? 0) + n;
      }
    }
  } finally {
    await generator.close();
  }
  return merged;
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * The order in which `items` take their turns in `round`: turned by one each round, so that over
 * every `items.length` rounds each goes first, second, … and last once (what runs just before a
 * measure shapes it: its emails, its database's upkeep), and the other way round every second
 * such cycle, so that each follows each of the others as often as it precedes it.
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const turned = items.map((_, i) => items[(i + round) % items.length] as T);
  return Math.floor(round / items.length) % 2 === 0 ? turned : turned.reverse();
}

/** The middle value; of an even count, the mean of the two middle ones (neither leans up nor down). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[half] ?? 0;
  return ((sorted[half - 1] ?? 0) + (sorted[half] ?? 0)) / 2;
}

export function summarize(result: LoadResult) {
  return {
    rps: (result.latencies.length / result.elapsedMs) * 1000,
    p50: percentile(result.latencies, 0.5),
    p99: percentile(result.latencies, 0.99),
    statuses: result.statuses,
  };
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
