import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';

/** The Fastify instance routes are declared on: zod schemas validate, type and document them. */
type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A capability's routes: registered under `/api/v1` by the composition, in the order it lists them. */
export type RouteModule = (api: Api, ctx: AppContext) => void | Promise<void>;

export function defineRoutes(register: RouteModule): RouteModule {
  return register;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact JSON text received, on routes that verify a signature over it. */
    rawBody?: string;
  }
}

/**
 * Routes registered through this keep the body's exact text in `request.rawBody` (signatures
 * are computed over bytes, not over re-serialized JSON), in their own scope only.
 */
export async function withRawJsonBody(
  api: Api,
  register: (scoped: Api) => void | Promise<void>,
): Promise<void> {
  await api.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = String(body);
      request.rawBody = text;
      try {
        done(null, text === '' ? {} : JSON.parse(text));
      } catch (error) {
        done(Object.assign(error as Error, { statusCode: 400 }), undefined);
      }
    });
    await register(scope.withTypeProvider<ZodTypeProvider>());
  });
}
