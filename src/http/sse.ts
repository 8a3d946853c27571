import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Server-Sent Events of a changing value: polls `load` (the database, so any app process may
 * serve the stream), sends each new value as a `progress` event, and ends after a final one.
 * Open streams end when the app closes, so shutdown never waits on a browser.
 */
export function registerProgressStreams(app: FastifyInstance) {
  const open = new Set<() => void>();
  // preClose, not onClose: the server waits for open connections before onClose hooks run.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  return async function streamProgress<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { load(): Promise<T>; isFinal(value: T): boolean; intervalMs?: number },
  ): Promise<void> {
    // Fails before the stream starts answer with the usual error shape.
    let value = await options.load();
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    let last = '';
    let ended = false;
    let timer: NodeJS.Timeout | undefined;
    let sinceHeartbeat = 0;
    const interval = options.intervalMs ?? 500;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      open.delete(end);
      raw.end();
    };
    open.add(end);
    request.raw.on('close', end);
    const send = (current: T) => {
      const data = JSON.stringify(current);
      if (data !== last) {
        last = data;
        raw.write(`event: progress\ndata: ${data}\n\n`);
        sinceHeartbeat = 0;
      }
    };
    const tick = async () => {
      if (ended) return;
      try {
        value = await options.load();
        send(value);
        if (options.isFinal(value)) return end();
        sinceHeartbeat += interval;
        if (sinceHeartbeat >= 15_000) {
          raw.write(': keep-alive\n\n');
          sinceHeartbeat = 0;
        }
        timer = setTimeout(tick, interval);
      } catch (error) {
        request.log.warn({ err: error }, 'progress stream stopped');
        raw.write(`event: error\ndata: ${JSON.stringify({ reference: request.id })}\n\n`);
        end();
      }
    };
    raw.write('retry: 2000\n\n');
    send(value);
    if (options.isFinal(value)) return end();
    timer = setTimeout(tick, interval);
  };
}
