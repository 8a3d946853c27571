import { type FormEvent, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import { CredentialFields } from '../../components/credential-fields.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Layout } from '../../components/layout.tsx';
import { isSignInProblem, SignInProblem } from '../../components/sign-in-problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { navigate, useLocation } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useSubmit } from '../../use-submit.ts';

type SignInOptions = { sso: boolean; password: boolean };

export function StaffSignIn() {
  const { t } = useI18n();
  const { search } = useLocation();
  const options = useAsync(() => staffApi<SignInOptions>('GET', '/api/v1/staff/sign-in-options'), []);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  const sso = useSubmit();
  const next = search.get('next');
  const returnTo = next?.startsWith('/console') ? next : '/console';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await staffApi('POST', '/api/v1/staff/sessions', { email, password });
      navigate(returnTo);
    });
  };
  const startSso = () =>
    void sso.run(async () => {
      const { authorizationUrl } = await staffApi<{ authorizationUrl: string }>(
        'POST',
        '/api/v1/staff/sso/start',
        { returnTo },
      );
      window.location.assign(authorizationUrl);
    });
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const offered = options.data;

  return (
    <Layout>
      <div className="narrow">
        <h1>{t('signIn.title')}</h1>
        <p>{t('signIn.intro')}</p>
        {options.error ? <ErrorPanel error={options.error} /> : null}
        {!offered ? <p aria-live="polite">{t('common.loading')}</p> : null}
        {offered?.sso ? (
          <div className="sso-sign-in">
            {sso.error ? <ErrorPanel error={sso.error} /> : null}
            <button type="button" onClick={startSso} disabled={sso.busy}>
              {t('signIn.sso')}
            </button>
            {offered.password ? <p className="muted divider-text">{t('signIn.orPassword')}</p> : null}
          </div>
        ) : null}
        {offered?.password ? (
          <>
            {error && !isSignInProblem(error) ? <ErrorPanel error={error} /> : null}
            <form onSubmit={submit} noValidate>
              <CredentialFields
                labels={{ email: t('signIn.email'), password: t('signIn.password') }}
                email={email}
                password={password}
                onEmail={setEmail}
                onPassword={setPassword}
                errors={fields}
              />
              {isSignInProblem(error) ? <SignInProblem error={error} /> : null}
              <button type="submit" disabled={busy} className={offered.sso ? 'secondary' : undefined}>
                {t('signIn.submit')}
              </button>
            </form>
          </>
        ) : null}
      </div>
    </Layout>
  );
}
