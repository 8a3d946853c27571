import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError, customerApi } from '../api.ts';
import { useSubmit } from '../use-submit.ts';
import { ErrorPanel } from './error-panel.tsx';
import { TextField } from './field.tsx';
import { Layout } from './layout.tsx';

type Props = {
  title: string;
  intro: string;
  emailLabel: string;
  submitLabel: string;
  sentMessage: string;
  /** The endpoint answers 202 whether or not the address is known. */
  endpoint: string;
  footer?: ReactNode;
};

/**
 * "Email me…" pages (a new activation email, the organization names): one address in, the same
 * confirmation out, whatever the address is.
 */
export function EmailRequestPage({
  title,
  intro,
  emailLabel,
  submitLabel,
  sentMessage,
  endpoint,
  footer,
}: Props) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await customerApi('POST', endpoint, { email });
      setSent(true);
    });
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};

  return (
    <Layout>
      <div className="narrow">
        <h1>{title}</h1>
        <div role="status" aria-live="polite">
          {sent ? <p className="notice">{sentMessage}</p> : null}
        </div>
        {!sent ? (
          <>
            <p>{intro}</p>
            {error && !fields.email ? <ErrorPanel error={error} /> : null}
            <form onSubmit={submit} noValidate>
              <TextField
                label={emailLabel}
                type="email"
                name="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={fields.email}
              />
              <button type="submit" disabled={busy}>
                {submitLabel}
              </button>
            </form>
          </>
        ) : null}
        {footer}
      </div>
    </Layout>
  );
}
