import { useEffect, useRef, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Layout } from '../../components/layout.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link, navigate } from '../../router.tsx';

/** Refusals that are the person's situation, not a fault: said calmly, with the way forward. */
const calmCodes = new Set([
  'SSO_NO_ROLE',
  'SSO_DENIED',
  'SSO_REQUEST_UNKNOWN',
  'SSO_STATE_MISMATCH',
  'SSO_CODE_REJECTED',
  'SSO_EMAIL_UNVERIFIED',
  'SSO_ACCOUNT_CONFLICT',
]);

/**
 * Where the OpenID provider sends the browser back: hands its answer to the API once, then goes
 * to the console page the sign-in started from.
 */
export function SsoCallback() {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const search = window.location.search.replace(/^\?/, '');
    // The code is single-use; keep it out of the history and any shared screenshot.
    window.history.replaceState(null, '', '/console/sso/callback');
    staffApi<{ returnTo: string }>('POST', '/api/v1/staff/sso/callback', { search })
      .then(({ returnTo }) => navigate(returnTo))
      .catch(setError);
  }, []);

  const calm = error instanceof ApiError && calmCodes.has(error.code) ? error : undefined;
  return (
    <Layout>
      <div className="narrow">
        {!error ? (
          <>
            <h1>{t('sso.finishing')}</h1>
            <p aria-live="polite">{t('common.loading')}</p>
          </>
        ) : calm ? (
          <>
            <h1>{calm.code === 'SSO_NO_ROLE' ? t('sso.noRole.title') : t('sso.failed.title')}</h1>
            <p className="form-problem" role="alert">
              {calm.message}
            </p>
            <p>
              <Link href="/console/sign-in">{t('sso.again')}</Link>
            </p>
          </>
        ) : (
          <>
            <h1>{t('sso.failed.title')}</h1>
            <ErrorPanel error={error} />
            <p>
              <Link href="/console/sign-in">{t('sso.again')}</Link>
            </p>
          </>
        )}
      </div>
    </Layout>
  );
}
