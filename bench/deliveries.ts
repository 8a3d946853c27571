/**
 * Webhook deliveries: events committed through the outbox and delivered to a local receiver,
 * against the same signed POSTs sent directly from the same process (the baseline). Measures
 * what a receiver waits for: deliveries per second from the first commit to the last receipt,
 * and the latency from each commit to its receipt.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../src/context.ts';
import { recordEvent } from '../src/events/record.ts';
import { signedHeaders } from '../src/events/signing.ts';
import { openPolicy, postJson } from '../src/outbound/request.ts';
import { createEndpoint } from '../src/webhooks/service.ts';
import { percentile } from './load.ts';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function receiver() {
  const received = new Map<string, number>();
  let onReceived: (() => void) | undefined;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.set(String(request.headers['webhook-id']), performance.now());
      response.writeHead(204).end();
      onReceived?.();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    received,
    until(count: number) {
      return new Promise<void>((resolve) => {
        if (received.size >= count) return resolve();
        onReceived = () => {
          if (received.size >= count) resolve();
        };
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function benchDeliveries(ctx: AppContext, options: { count: number; producers: number }) {
  const { count, producers } = options;
  const target = await receiver();
  const endpoint = await createEndpoint(
    ctx,
    { url: target.url, events: ['subscription.created'] },
    { actor: { type: 'system' } },
  );
  const body = (i: number) =>
    JSON.stringify({ type: 'subscription.created', timestamp: new Date().toISOString(), data: { i } });

  // Baseline: the same signed POSTs, straight from this process, 16 at a time (an endpoint’s limit).
  const inFlight = 16;
  const bareLatencies: number[] = [];
  const bareStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < count; i = next++) {
        const payload = body(i);
        const started = performance.now();
        await postJson(
          target.url,
          payload,
          signedHeaders([endpoint.secret], `bare_${i}`, payload, new Date()),
          {
            timeoutMs: 10_000,
            maxBodyBytes: 1024,
            policy: openPolicy,
          },
        );
        bareLatencies.push(performance.now() - started);
      }
    }),
  );
  const bareRate = (count / (performance.now() - bareStarted)) * 1000;
  target.received.clear();

  // Onramp: each event committed in its own transaction by `producers` concurrent writers.
  const committed = new Map<string, number>();
  const started = performance.now();
  next = 0;
  await Promise.all(
    Array.from({ length: producers }, async () => {
      for (let i = next++; i < count; i = next++) {
        const id = await ctx.db.transaction((tx) =>
          recordEvent(tx, ctx, { type: 'subscription.created', subscriptionId: null, data: { i } }),
        );
        committed.set(id, performance.now());
      }
    }),
  );
  await target.until(count);
  const elapsed = Math.max(...target.received.values()) - started;
  const latencies = [...committed].map(([id, at]) => (target.received.get(id) ?? at) - at);
  const rate = (count / elapsed) * 1000;
  await target.close();

  console.log(
    `Webhook deliveries to a local receiver (${count} events, ${producers} writers) vs a bare signed POST from the same process`,
  );
  console.log(
    `  bare POST       ${fmt(bareRate).padStart(8)} /s   p50 ${fmt(percentile(bareLatencies, 0.5), 2)} ms   p99 ${fmt(percentile(bareLatencies, 0.99), 2)} ms`,
  );
  console.log(
    `  outbox → receipt${fmt(rate).padStart(8)} /s   p50 ${fmt(percentile(latencies, 0.5), 2)} ms   p99 ${fmt(percentile(latencies, 0.99), 2)} ms (commit to receipt)`,
  );
  console.log(
    `  ratio           throughput ${fmt(rate / bareRate, 3)} of bare, p99 ${fmt(percentile(latencies, 0.99) / percentile(bareLatencies, 0.99), 1)}× bare\n`,
  );
}
