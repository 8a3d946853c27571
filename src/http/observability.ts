import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { AppContext } from '../context.ts';

/** `/healthz` (the process answers), `/readyz` (the database answers) and Prometheus `/metrics`. */
export function registerObservability(app: FastifyInstance, ctx: AppContext): void {
  // One registry per app, so several apps in one test process do not collide.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'onramp_' });
  const duration = new Histogram({
    name: 'onramp_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'onramp_http_errors_total',
    help: 'HTTP responses with status >= 500',
    labelNames: ['route'] as const,
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500) errors.inc({ route });
  });

  const hidden = { hide: true } as const;
  app.get(
    '/healthz',
    { schema: { ...hidden, response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get('/readyz', { schema: hidden }, async (_request, reply) => {
    try {
      await ctx.database.ping();
      return { status: 'ready', database: 'ok' };
    } catch (error) {
      ctx.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  app.get('/metrics', { schema: hidden }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
