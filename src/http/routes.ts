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
