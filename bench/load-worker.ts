/**
 * The load generator, in its own thread so it never shares the server's event loop: for each
 * message `{ urls, concurrency, durationMs }`, keeps `concurrency` requests in flight for
 * `durationMs` and answers every latency. It stays for the next message, its code compiled and
 * its keep-alive connections open, so that loads taking turns each start warm.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

type Job = { urls: string[]; concurrency: number; durationMs: number };
const { clients } = workerData as { clients: number };
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
/** Goes on across loads: each load's requests come from the next clients in turn. */
let next = 0;

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

async function run(job: Job) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const deadline = performance.now() + job.durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const started = performance.now();
      const client = i % clients;
      const status = await get(
        job.urls[i % job.urls.length] as string,
        `10.${client >> 8}.${client & 255}.1`,
      );
      latencies.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  return { latencies, elapsedMs: performance.now() - started, statuses };
}

parentPort?.on('message', (job: Job | 'close') => {
  if (job === 'close') {
    agent.destroy();
    parentPort?.close();
    return;
  }
  void run(job).then((result) => parentPort?.postMessage(result));
});
