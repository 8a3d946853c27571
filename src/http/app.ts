import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  LogController,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { SharedHitCounter } from '../rate-limit/shared-counter.ts';
import { databaseRateLimitStore } from '../rate-limit/store.ts';
import { newReference } from '../security/tokens.ts';
import { type Authenticators, originCheck } from './auth.ts';
import { errorBody, registerErrorHandling } from './error-handler.ts';
import { registerObservability } from './observability.ts';
import type { RouteModule } from './routes.ts';
import { registerSecurityHeaders } from './security-headers.ts';

export const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export type AppOptions = {
  logger: FastifyBaseLogger;
  /** Every capability's routes, mounted under `/api/v1` in this order. */
  routes: readonly RouteModule[];
  authenticators: Authenticators;
  /** Built React app to serve; absent in API-only tests. */
  webDir?: string | undefined;
};

/** Builds the HTTP app: used by `main.ts` and by every test, on whatever database `ctx` holds. */
export async function buildApp(ctx: AppContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: () => newReference(),
    // Every log line of a request carries `reference`, the same value error responses show.
    logController: new LogController({ requestIdLogLabel: 'reference' }),
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    // Errors the router raises before any route (malformed URL, over-long parameter) get the
    // same error shape as everything else.
    frameworkErrors: (error, request, reply) => {
      const appError =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new AppError('NOT_FOUND')
          : new AppError('VALIDATION_FAILED', { details: { reason: 'malformed URL' } });
      request.log.info({ reference: request.id, code: appError.code, cause: error.code }, 'request rejected');
      void (reply as FastifyReply).status(appError.status).send(errorBody(request, appError));
    },
  });
  // The API speaks JSON only; anything else is 415 rather than a confusing validation error.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        'frame-src': ["'self'"],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': ctx.config.secureCookies ? [] : null,
      },
    },
  });
  await app.register(fastifyCookie);
  const counter = new SharedHitCounter(ctx.db);
  app.addHook('onClose', async () => counter.close());
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseRateLimitStore(counter),
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', {
        params: { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
        details: { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
      }),
  });
  app.decorate('authenticators', options.authenticators);
  app.addHook('onRequest', originCheck(ctx.config.publicUrl));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Onramp API',
        version: '1.0.0',
        description:
          'Activates new organizations: subscriptions, activation, short names, accounts, invitations, verification. Errors are `{ "error": { "code", "message", "details"?, "reference" } }`.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          staffToken: { type: 'http', scheme: 'bearer', description: 'Staff API token (onr_…)' },
          staffSession: { type: 'apiKey', in: 'cookie', name: 'onramp_staff' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Swagger UI sets inline styles at run time; its static CSP would block them.
    transformStaticCSP: (header) =>
      header
        .replace(/style-src 'self' https:/, "style-src 'self' https: 'unsafe-inline'")
        .replace(/upgrade-insecure-requests;?/, ctx.config.secureCookies ? 'upgrade-insecure-requests;' : ''),
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerObservability(app, ctx);
  await app.register(
    async (api) => {
      for (const routes of options.routes) await routes(api.withTypeProvider<ZodTypeProvider>(), ctx);
    },
    { prefix: '/api/v1' },
  );

  const webDir = options.webDir;
  const hasWeb = webDir !== undefined && existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url;
    const isApi = url.startsWith('/api/') || url === '/api';
    if (hasWeb && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      const file = url.split('?')[0] ?? '/';
      // Asset requests that miss are real 404s; every other path is a page of the single-page app.
      if (!file.startsWith('/assets/')) {
        return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
      }
    }
    return reply.status(404).send(errorBody(request, new AppError('NOT_FOUND')));
  });
  return app;
}
