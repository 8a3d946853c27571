import { type FormEvent, useState } from 'react';
import { ApiError, customerApi } from '../api.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { TextField } from '../components/field.tsx';
import { Layout } from '../components/layout.tsx';
import { useI18n } from '../i18n.tsx';

/** "I lost the activation email": the answer never says whether the address is known. */
export function ActivationRequest() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await customerApi('POST', '/api/v1/activation-email-requests', { email });
      setSent(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};

  return (
    <Layout>
      <div className="narrow">
        <h1>{t('activationRequest.title')}</h1>
        <div role="status" aria-live="polite">
          {sent ? <p className="notice">{t('activationRequest.sent')}</p> : null}
        </div>
        {!sent ? (
          <>
            <p>{t('activationRequest.intro')}</p>
            {error && !fields.email ? <ErrorPanel error={error} /> : null}
            <form onSubmit={submit} noValidate>
              <TextField
                label={t('activationRequest.email')}
                type="email"
                name="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={fields.email}
              />
              <button type="submit" disabled={busy}>
                {t('activationRequest.submit')}
              </button>
            </form>
          </>
        ) : null}
        <p className="muted">{t('activationRequest.noSubscription')}</p>
      </div>
    </Layout>
  );
}
