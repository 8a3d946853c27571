/**
 * Every error code the API can answer, with its HTTP status. Codes are stable (clients and
 * other tools match on them) and double as i18n keys: `errors.<CODE>` in the message catalog.
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,

  STAFF_EMAIL_TAKEN: 409,
  STAFF_NOT_FOUND: 404,
  FRESH_SIGN_IN_REQUIRED: 403,
  PASSWORD_SIGNIN_DISABLED: 403,
  SSO_NOT_CONFIGURED: 404,
  SSO_PROVIDER_UNAVAILABLE: 502,
  SSO_REQUEST_UNKNOWN: 400,
  SSO_STATE_MISMATCH: 400,
  SSO_CODE_REJECTED: 400,
  SSO_DENIED: 400,
  SSO_EMAIL_UNVERIFIED: 403,
  SSO_NO_ROLE: 403,
  SSO_ACCOUNT_CONFLICT: 409,
  API_TOKEN_NOT_FOUND: 404,
  SUBSCRIPTION_NOT_FOUND: 404,
  SUBSCRIPTION_NOT_PENDING: 409,

  ACTIVATION_LINK_INVALID: 404,
  ACTIVATION_LINK_EXPIRED: 410,
  ACTIVATION_LINK_REPLACED: 410,
  ACTIVATION_LINK_USED: 409,
  ACTIVATION_LINK_CANCELLED: 410,
  SHORT_NAME_TAKEN: 409,

  ORGANIZATION_CHOICE_REQUIRED: 409,
  PASSWORD_RESET_INVALID: 404,
  PASSWORD_RESET_EXPIRED: 410,
  PASSWORD_RESET_USED: 409,
  CURRENT_PASSWORD_INCORRECT: 403,
  INVITATION_INVALID: 404,
  INVITATION_EXPIRED: 410,
  INVITATION_REVOKED: 410,
  INVITATION_REPLACED: 410,
  INVITATION_USED: 409,
  INVITATION_NOT_FOUND: 404,
  INVITATION_EXISTS: 409,
  ALREADY_MEMBER: 409,

  ORGANIZATION_NOT_FOUND: 404,
  CHECKS_FAILING: 409,
  EMAIL_NOT_FOUND: 404,

  WEBHOOK_ENDPOINT_NOT_FOUND: 404,
  WEBHOOK_ENDPOINT_DISABLED: 409,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_IN_FLIGHT: 409,
  RUN_NOT_FAILED: 409,
  CONNECTOR_CALLBACK_INVALID: 404,
  CONNECTOR_CALLBACK_SIGNATURE: 401,
  CONNECTOR_CALLBACK_SETTLED: 409,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** The one error class services throw; the HTTP layer maps it to SPEC's error shape. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** Values for the message template `errors.<code>`. */
  readonly params: Record<string, string | number | Date>;
  /** A second wording of the same error: the message is `errors.<code>.<variant>`. */
  readonly variant: string | undefined;

  constructor(
    code: ErrorCode,
    options: {
      details?: Record<string, unknown>;
      params?: Record<string, string | number | Date>;
      variant?: string;
      cause?: unknown;
    } = {},
  ) {
    super(code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.params = options.params ?? {};
    this.variant = options.variant;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** One field's problem in a VALIDATION_FAILED answer: where (`body.admin.email`), what, which rule. */
export type FieldError = { path: string; message: string; rule?: string; [extra: string]: unknown };

/** VALIDATION_FAILED for one or more fields: the only way services report a field's problem. */
export function validationError(fields: FieldError | FieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', {
    details: { fields: Array.isArray(fields) ? fields : [fields] },
  });
}
