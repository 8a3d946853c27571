import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { isExternal } from '../runs/definitions.ts';
import { settleExternalStep } from '../runs/external.ts';
import { findStepByCallback } from '../runs/queries.ts';
import { hashToken, looksLikeToken } from '../security/tokens.ts';

/**
 * A receiver's signed callback for a connector step that answered 202. The token names the step
 * (it is in the callback URL Onramp gave); the signature proves the connector's secret.
 */
export async function receiveConnectorCallback(
  ctx: AppContext,
  stepToken: string,
  request: { headers: Record<string, string | string[] | undefined>; rawBody: string },
  input: { status: 'succeeded' | 'failed'; message?: string | undefined },
  origin: Origin,
) {
  if (!looksLikeToken(stepToken)) throw new AppError('CONNECTOR_CALLBACK_INVALID');
  const found = await findStepByCallback(ctx.db, hashToken(stepToken));
  const definition = found && ctx.runs[found.run.kind].steps.find((s) => s.key === found.step.key);
  if (!found || !definition || !isExternal(definition)) throw new AppError('CONNECTOR_CALLBACK_INVALID');
  if (!definition.verifyCallback(request.headers, request.rawBody, ctx.now())) {
    throw new AppError('CONNECTOR_CALLBACK_SIGNATURE');
  }
  const outcome = await settleExternalStep(ctx, found.step, found.run, {
    status: input.status,
    message: input.message,
    response: input,
  });
  if (outcome === 'settled') throw new AppError('CONNECTOR_CALLBACK_SETTLED');
  await ctx.db.transaction((tx) =>
    recordAudit(tx, origin, {
      action: 'connector.callback',
      organizationId: found.run.organizationId,
      data: {
        step: found.step.key,
        run: found.run.kind,
        status: input.status,
        message: input.message ?? null,
      },
    }),
  );
  return { status: 'accepted' as const, step: found.step.key };
}
