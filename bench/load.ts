import { Worker } from 'node:worker_threads';

type LoadResult = { latencies: number[]; elapsedMs: number; statuses: Record<string, number> };

/** Keeps `concurrency` GETs in flight for `durationMs` from a worker thread (not the server's loop). */
export function load(
  urls: string[],
  options: { concurrency: number; durationMs: number },
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), {
      // Enough addresses that no client meets its rate limit within a measure.
      workerData: { urls, clients: 4000, ...options },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
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
