import { type FormEvent, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { Layout } from '../../components/layout.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link, useLocation } from '../../router.tsx';
import { LoginForm } from './login-form.tsx';

export function LoginPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  return (
    <Layout>
      <div className="narrow">
        <h1>{t('login.title')}</h1>
        <LoginForm
          email={search.get('email') ?? ''}
          shortName={search.get('shortName') ?? ''}
          next={search.get('next')}
        />
      </div>
    </Layout>
  );
}

/** "Forgot organization name?": the answer never says whether the address is known. */
export function ForgotOrganizationPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await customerApi('POST', '/api/v1/organization-name-reminders', { email });
      setSent(true);
    } catch (caught) {
      setError(caught);
    }
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <Layout>
      <div className="narrow">
        <h1>{t('forgot.title')}</h1>
        <div role="status" aria-live="polite">
          {sent ? <p className="notice">{t('forgot.sent')}</p> : null}
        </div>
        {!sent ? (
          <>
            <p>{t('forgot.intro')}</p>
            {error && !fields.email ? <ErrorPanel error={error} /> : null}
            <form onSubmit={submit} noValidate>
              <TextField
                label={t('login.email')}
                type="email"
                name="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={fields.email}
              />
              <button type="submit">{t('forgot.submit')}</button>
            </form>
          </>
        ) : null}
        <p>
          <Link href="/login">{t('forgot.back')}</Link>
        </p>
      </div>
    </Layout>
  );
}
