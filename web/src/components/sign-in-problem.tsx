import { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';

/** Codes a sign-in form answers calmly beside its fields, not in the red error panel. */
const calmCodes = new Set([
  'INVALID_CREDENTIALS',
  'CURRENT_PASSWORD_INCORRECT',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
]);

export function isSignInProblem(error: unknown): error is ApiError {
  return error instanceof ApiError && calmCodes.has(error.code);
}

/**
 * A wrong password, the last attempt before a pause, or the pause itself, with the time it ends
 * in the reader's own time zone (the API can only say UTC).
 */
export function SignInProblem({ error }: { error: ApiError }) {
  const { t, locale } = useI18n();
  const until = error.code === 'ACCOUNT_LOCKED' ? error.details?.lockedUntil : undefined;
  const message =
    typeof until === 'string'
      ? t('signIn.lockedUntil', {
          time: new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', {
            hour: 'numeric',
            minute: '2-digit',
            timeZoneName: 'short',
          }).format(new Date(until)),
        })
      : error.message;
  return (
    <p className="form-problem" role="alert">
      {message}
    </p>
  );
}
