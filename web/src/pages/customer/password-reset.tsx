import { type FormEvent, useId, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import { EmailRequestPage } from '../../components/email-request-page.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { Layout } from '../../components/layout.tsx';
import { PasswordRules } from '../../components/password-rules.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useSubmit } from '../../use-submit.ts';

/** "Forgot password?": the answer never says whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  return (
    <EmailRequestPage
      title={t('reset.request.title')}
      intro={t('reset.request.intro')}
      emailLabel={t('login.email')}
      submitLabel={t('reset.request.submit')}
      sentMessage={t('reset.request.sent')}
      endpoint="/api/v1/password-resets"
      footer={
        <p>
          <Link href="/login">{t('forgot.back')}</Link>
        </p>
      }
    />
  );
}

/** The page behind the emailed link: a new password, once; then every session ends. */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useI18n();
  const rulesId = useId();
  const state = useAsync(
    () => customerApi<{ email: string }>('GET', `/api/v1/password-resets/${encodeURIComponent(token)}`),
    [token],
  );
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, run } = useSubmit();
  const fields = error instanceof ApiError ? error.fieldErrors() : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await customerApi('POST', '/api/v1/password-resets/complete', { token, password });
      setDone(true);
    });
  };

  return (
    <Layout>
      <div className="narrow">
        <h1>{t('reset.title')}</h1>
        {done ? (
          <>
            <p className="notice" role="status">
              {t('reset.done')}
            </p>
            <p>
              <Link href={`/login?email=${encodeURIComponent(state.data?.email ?? '')}`}>
                {t('reset.signIn')}
              </Link>
            </p>
          </>
        ) : state.error ? (
          <>
            <p className="form-problem" role="alert">
              {state.error instanceof Error ? state.error.message : String(state.error)}
            </p>
            <p>
              <Link href="/login/forgot-password">{t('reset.askAgain')}</Link>
            </p>
          </>
        ) : !state.data ? (
          <p aria-live="polite">{t('common.loading')}</p>
        ) : (
          <form onSubmit={submit} noValidate>
            <p>{t('reset.intro', { email: state.data.email })}</p>
            {error && !Object.keys(fields).length ? <ErrorPanel error={error} /> : null}
            <input
              type="email"
              name="username"
              autoComplete="username"
              value={state.data.email}
              readOnly
              hidden
            />
            <TextField
              label={t('reset.password')}
              type="password"
              name="password"
              autoComplete="new-password"
              required
              value={password}
              aria-describedby={rulesId}
              onChange={(e) => setPassword(e.target.value)}
              error={fields.password ? t('reset.passwordRules') : undefined}
            />
            <PasswordRules password={password} id={rulesId} />
            <button type="submit" disabled={busy}>
              {t('reset.submit')}
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}
