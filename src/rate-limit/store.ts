import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { SharedHitCounter } from './shared-counter.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** A @fastify/rate-limit store on the shared database counters, namespaced per route. */
export function databaseRateLimitStore(counter: SharedHitCounter): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    readonly prefix: string;
    constructor(_options: unknown, prefix = 'global') {
      this.prefix = prefix;
    }
    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      counter.hit(`${this.prefix}:${key}`, timeWindow, max).then(
        ({ allowed, hits, ttlMs }) =>
          callback(null, { current: allowed ? Math.min(hits, max) : Math.max(hits, max + 1), ttl: ttlMs }),
        (error: Error) => callback(error),
      );
    }
    /**
     * Each rate-limited route counts on its own. The plugin's types call the argument route
     * options, but at run time it passes the merged limit settings with the route as `routeInfo`.
     */
    child(options: unknown): FastifyRateLimitStore {
      const route = (options as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      if (!route?.url) throw new Error('rate-limit store: route information missing');
      const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
      return new DatabaseStore(undefined, `${method ?? ''} ${route.url}`);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}
