/**
 * Sends a burst from its own thread, so the load generator never shares the server's event
 * loop: `concurrency` requests in flight over keep-alive connections, and for each request when
 * it started, its status and its JSON answer.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export type BurstRequest = { path: string; body: unknown; headers: Record<string, string> };
export type BurstAnswer = { startedAt: number; status: number; json: Record<string, unknown> };
/** Request `i` goes to `bases[i % bases.length]` (several processes share a burst). */
type Job = { bases: string[]; requests: BurstRequest[]; concurrency: number };

const job = workerData as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });

function post(
  base: string,
  request: BurstRequest,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = JSON.stringify(request.body);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      `${base}${request.path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...request.headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const answers: BurstAnswer[] = new Array(job.requests.length);
let next = 0;
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    for (let i = next++; i < job.requests.length; i = next++) {
      const startedAt = Date.now();
      const base = job.bases[i % job.bases.length] as string;
      const { status, json } = await post(base, job.requests[i] as BurstRequest);
      answers[i] = { startedAt, status, json };
    }
  }),
);
agent.destroy();
parentPort?.postMessage(answers);
