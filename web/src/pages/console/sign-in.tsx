import { type FormEvent, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { Layout } from '../../components/layout.tsx';
import { isSignInProblem, SignInProblem } from '../../components/sign-in-problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { navigate, useLocation } from '../../router.tsx';
import { useSubmit } from '../../use-submit.ts';

export function StaffSignIn() {
  const { t } = useI18n();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await staffApi('POST', '/api/v1/staff/sessions', { email, password });
      const next = search.get('next');
      navigate(next?.startsWith('/console') ? next : '/console');
    });
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};

  return (
    <Layout>
      <div className="narrow">
        <h1>{t('signIn.title')}</h1>
        <p>{t('signIn.intro')}</p>
        {error && !isSignInProblem(error) ? <ErrorPanel error={error} /> : null}
        <form onSubmit={submit} noValidate>
          <TextField
            label={t('signIn.email')}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fields.email}
          />
          <TextField
            label={t('signIn.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fields.password}
          />
          {isSignInProblem(error) ? <SignInProblem error={error} /> : null}
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
