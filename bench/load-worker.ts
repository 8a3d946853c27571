/**
 * The load generator, in its own thread so it never shares the server's event loop: keeps
 * `concurrency` requests in flight for `durationMs` and reports every latency.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

type Job = { urls: string[]; concurrency: number; durationMs: number; clients: number };
const job = workerData as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let next = 0;
const deadline = performance.now() + job.durationMs;

function get(url: string, client: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Many different clients, as in real life: per-address rate limits apply to each.
    const request = http.get(url, { agent, headers: { 'x-forwarded-for': client } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

async function loop() {
  while (performance.now() < deadline) {
    const i = next++;
    const started = performance.now();
    const client = i % job.clients;
    const status = await get(job.urls[i % job.urls.length] as string, `10.${client >> 8}.${client & 255}.1`);
    latencies.push(performance.now() - started);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: job.concurrency }, loop));
const elapsedMs = performance.now() - started;
agent.destroy();
parentPort?.postMessage({ latencies, elapsedMs, statuses });
