import { type FormEvent, useId, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { PasswordRules } from '../../components/password-rules.tsx';
import { isSignInProblem, SignInProblem } from '../../components/sign-in-problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { useSubmit } from '../../use-submit.ts';

/** Change password: the current one first; this device stays signed in, every other one ends. */
export function PasswordSection({ email }: { email: string }) {
  const { t } = useI18n();
  const rulesId = useId();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [ended, setEnded] = useState<number | undefined>();
  const { busy, error, run } = useSubmit();
  const fields = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? error.fieldErrors() : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setEnded(undefined);
    void run(async () => {
      const answer = await customerApi<{ sessionsEnded: number }>('POST', '/api/v1/me/password', {
        currentPassword,
        newPassword,
      });
      setCurrentPassword('');
      setNewPassword('');
      setEnded(answer.sessionsEnded);
    });
  };

  return (
    <section aria-labelledby="password-title" className="card">
      <h2 id="password-title">{t('home.password.title')}</h2>
      <form onSubmit={submit} noValidate aria-describedby="password-intro">
        <p id="password-intro" className="muted">
          {t('home.password.intro')}
        </p>
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          label={t('home.password.current')}
          type="password"
          name="currentPassword"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
        />
        {isSignInProblem(error) ? <SignInProblem error={error} /> : null}
        <TextField
          label={t('home.password.new')}
          type="password"
          name="newPassword"
          autoComplete="new-password"
          required
          value={newPassword}
          aria-describedby={rulesId}
          onChange={(e) => setNewPassword(e.target.value)}
          error={fields.newPassword || fields.currentPassword ? t('home.password.rules') : undefined}
        />
        <PasswordRules password={newPassword} id={rulesId} />
        {error && !isSignInProblem(error) && !Object.keys(fields).length ? (
          <ErrorPanel error={error} />
        ) : null}
        {ended !== undefined ? (
          <p className="notice" role="status">
            {ended > 0 ? t('home.password.doneOthers') : t('home.password.done')}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('home.password.submit')}
        </button>
      </form>
    </section>
  );
}
