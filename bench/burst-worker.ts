/**
 * Sends a burst from its own thread, so the load generator never shares the server's event
 * loop: `concurrency` requests in flight over keep-alive connections, and for each request when
 * it started, its status and its JSON answer.
 *
 * The generator shares the machine's cores with the service it measures, so it is as lean as an
 * HTTP/1.1 client can be: every request is serialized and every connection opened before the
 * first is sent, and answers are read by their Content-Length. Node's http client took about
 * 0.7 ms of CPU per request during a burst here, a few percent of what it measures.
 */
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

export type BurstRequest = { path: string; body: unknown; headers: Record<string, string> };
/** What the worker sends back: the answers in order, and the CPU time its thread used. */
export type BurstSent = { answers: BurstAnswer[]; cpuMs: number };
export type BurstAnswer = {
  startedAt: number;
  answeredAt: number;
  status: number;
  json: Record<string, unknown>;
};
/**
 * Several processes share a burst as a least-outstanding-requests balancer shares it: each request
 * goes to the base with the fewest requests in flight (taking turns among equals).
 */
type Job = { bases: string[]; requests: BurstRequest[]; concurrency: number };

const job = workerData as Job;

function serialize(base: URL, request: BurstRequest): Buffer {
  const body = Buffer.from(JSON.stringify(request.body));
  const headers = {
    host: base.host,
    'content-type': 'application/json',
    'content-length': String(body.length),
    ...request.headers,
  };
  const head = `POST ${request.path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** One keep-alive connection: a request at a time, its answer read by Content-Length. */
class Connection {
  readonly #socket: net.Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: ((answer: { status: number; body: string }) => void) | undefined;
  #failed: ((error: Error) => void) | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#read();
    });
    socket.on('error', (error) => this.#failed?.(error));
    socket.on('close', () => this.#failed?.(new Error('the server closed the connection')));
  }

  static open(base: URL): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(base.port), base.hostname, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failed = reject;
      this.#socket.write(bytes);
    });
  }

  #read() {
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
    if (!Number.isFinite(length)) {
      this.#failed?.(new Error(`an answer without Content-Length: ${head}`));
      return;
    }
    if (this.#buffer.length < end + 4 + length) return;
    const status = Number(head.slice(9, 12));
    const body = this.#buffer.toString('utf8', end + 4, end + 4 + length);
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    const resolve = this.#waiting;
    this.#waiting = undefined;
    this.#failed = undefined;
    resolve?.({ status, body });
  }

  close() {
    this.#failed = undefined;
    this.#socket.destroy();
  }
}

const bases = job.bases.map((base) => new URL(base));
const bytes = job.requests.map((request) => bases.map((base) => serialize(base, request)));
const inFlight = bases.map(() => 0);
let turn = 0;
/** The base with the fewest requests in flight; among equals, the next in turn. */
function pickBase(): number {
  let best = -1;
  for (let k = 0; k < bases.length; k++) {
    const b = (turn + k) % bases.length;
    if (best < 0 || (inFlight[b] as number) < (inFlight[best] as number)) best = b;
  }
  turn = (best + 1) % bases.length;
  return best;
}
// Each lane keeps a connection to every base, opened before the first request goes out.
const lanes = await Promise.all(
  Array.from({ length: job.concurrency }, () => Promise.all(bases.map((base) => Connection.open(base)))),
);

const answers: BurstAnswer[] = new Array(job.requests.length);
let next = 0;
await Promise.all(
  lanes.map(async (connections) => {
    for (let i = next++; i < job.requests.length; i = next++) {
      const startedAt = Date.now();
      const b = pickBase();
      inFlight[b] = (inFlight[b] as number) + 1;
      const { status, body } = await (connections[b] as Connection).send(bytes[i]?.[b] as Buffer);
      inFlight[b] = (inFlight[b] as number) - 1;
      answers[i] = {
        startedAt,
        answeredAt: Date.now(),
        status,
        json: body ? (JSON.parse(body) as Record<string, unknown>) : {},
      };
    }
  }),
);
for (const connections of lanes) for (const connection of connections) connection.close();
// The generator's own CPU, which the bench counts beside the server's: this thread ends here.
const { user, system } = process.threadCpuUsage();
parentPort?.postMessage({ answers, cpuMs: (user + system) / 1000 } satisfies BurstSent);
