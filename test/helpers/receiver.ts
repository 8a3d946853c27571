import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { waitFor } from './app.ts';

export type Received = {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
};

/** What the receiver answers: a status and body, or `hang` to never answer (until it closes). */
export type Answer = { status: number; body?: string } | 'hang';

/**
 * A real HTTP receiver for webhook and connector tests: it records every request and answers as
 * `respond` says (200 by default). `verify(secret)` checks every request it got with the
 * reference implementation of Standard Webhooks (the `standardwebhooks` package).
 */
export async function startReceiver(
  respond: (request: Received, index: number) => Answer = () => ({ status: 200 }),
) {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  let behaviour = respond;
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      let json: Received['json'];
      try {
        json = JSON.parse(body) as Received['json'];
      } catch {
        json = { type: '', timestamp: '', data: {} };
      }
      const entry: Received = {
        at: Date.now(),
        path: request.url ?? '/',
        headers: request.headers,
        body,
        json,
      };
      received.push(entry);
      const answer = behaviour(entry, received.length - 1);
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      // A little jitter, as real receivers have: concurrent deliveries finish out of order.
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body ?? JSON.stringify({ ok: true }));
      }, Math.random() * 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    hanging,
    respondWith(next: (request: Received, index: number) => Answer) {
      behaviour = next;
    },
    ofType(type: string) {
      return received.filter((r) => r.json.type === type);
    },
    async waitFor(what: string, condition: (all: Received[]) => boolean, timeoutMs = 30_000) {
      await waitFor(() => condition(received), what, timeoutMs);
    },
    /** Every request verifies with the reference implementation; returns the parsed bodies. */
    verifyAll(secret: string) {
      const webhook = new Webhook(secret);
      return received.map((r) => webhook.verify(r.body, r.headers as Record<string, string>));
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
