import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  AppError,
  type ErrorCode,
  errorStatus,
  type FieldError,
  isAppError,
  validationError,
} from '../errors.ts';
import { translateFieldMessage } from '../i18n/field-messages.ts';
import { type Locale, localeFromAcceptLanguage, type MessageKey, translate } from '../i18n/index.ts';

/** SPEC's error shape: `{ error: { code, message, details?, reference } }`. */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown>; reference: string };
};

export function errorBody(request: FastifyRequest, error: AppError): ErrorBody {
  const locale = localeFromAcceptLanguage(request.headers['accept-language']);
  return {
    error: {
      code: error.code,
      message: translate(
        locale,
        `errors.${error.code}${error.variant ? `.${error.variant}` : ''}` as MessageKey,
        error.params,
      ),
      ...(error.details ? { details: localizedDetails(locale, error.details) } : {}),
      reference: request.id,
    },
  };
}

/** Field messages in the caller's language; everything else in details is data, left as is. */
function localizedDetails(locale: Locale, details: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(details.fields)) return details;
  return {
    ...details,
    fields: (details.fields as FieldError[]).map((field) =>
      typeof field.message === 'string'
        ? { ...field, message: translateFieldMessage(locale, field.message) }
        : field,
    ),
  };
}

/** Maps anything thrown while handling a request to an AppError; unknown errors become INTERNAL_ERROR. */
function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: FieldError[] = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}`.replace(
        /\.$/,
        '',
      ),
      message: issue.message ?? 'is invalid',
      ...(issue.keyword ? { rule: issue.keyword } : {}),
    }));
    return validationError(fields);
  }
  const fastifyError = error as Partial<FastifyError> & { statusCode?: number };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('INVALID_JSON');
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return new AppError('INVALID_JSON');
  const status = fastifyError.statusCode;
  if (status === 429) return new AppError('RATE_LIMITED', { params: { seconds: 60 } });
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status && status >= 400 && status < 500) {
    return new AppError('VALIDATION_FAILED', { details: { reason: fastifyError.message } });
  }
  return new AppError('INTERNAL_ERROR', { cause: error });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    const status = errorStatus[appError.code];
    if (status >= 500) {
      request.log.error({ err: error, reference: request.id, code: appError.code }, 'request failed');
    } else {
      // Why an outside party refused (a provider's error, say) helps whoever reads the logs.
      const cause = appError.cause instanceof Error ? appError.cause.message : undefined;
      request.log.info({ reference: request.id, code: appError.code, status, cause }, 'request rejected');
    }
    void reply.status(status).send(errorBody(request, appError));
  });
}
