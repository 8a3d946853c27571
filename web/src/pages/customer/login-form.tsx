import { type FormEvent, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import { CredentialFields } from '../../components/credential-fields.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { isSignInProblem, SignInProblem } from '../../components/sign-in-problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { useSubmit } from '../../use-submit.ts';

type Choice = { shortName: string; region: string; name: string };

/**
 * Email, password and (when needed) the organization's short name. An email in several
 * organizations gets the list to choose from, after the right password.
 */
export function LoginForm({
  email: initialEmail = '',
  shortName: initialShortName = '',
  next,
}: {
  email?: string;
  shortName?: string;
  next?: string | null;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [shortName, setShortName] = useState(initialShortName);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [choice, setChoice] = useState<Choice>();
  const { busy, error, run } = useSubmit();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      try {
        const result = await customerApi<{ next: 'setup' | 'home' }>('POST', '/api/v1/sessions', {
          email,
          password,
          ...(choice
            ? { shortName: choice.shortName, region: choice.region }
            : shortName.trim()
              ? { shortName }
              : {}),
        });
        navigate(
          next?.startsWith('/') && !next.startsWith('//')
            ? next
            : result.next === 'setup'
              ? '/setup'
              : '/home',
        );
      } catch (caught) {
        // An email in several organizations: not an error, a choice to offer.
        if (!(caught instanceof ApiError && caught.code === 'ORGANIZATION_CHOICE_REQUIRED')) throw caught;
        const options = (caught.details?.organizations ?? []) as Choice[];
        setChoices(options);
        setChoice(options[0]);
      }
    });
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};

  return (
    <form onSubmit={submit} noValidate>
      {error && !Object.keys(fields).length && !isSignInProblem(error) ? <ErrorPanel error={error} /> : null}
      <CredentialFields
        labels={{ email: t('login.email'), password: t('login.password') }}
        email={email}
        password={password}
        onEmail={setEmail}
        onPassword={setPassword}
        errors={fields}
      />
      {choices.length ? (
        <fieldset className="field">
          <legend>{t('login.choose')}</legend>
          {choices.map((c) => (
            <label key={`${c.shortName}-${c.region}`} className="radio">
              <input type="radio" name="organization" checked={choice === c} onChange={() => setChoice(c)} />
              <span>
                {c.name} <code>{c.shortName}</code> <span className="muted">{c.region}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <TextField
          label={t('login.shortName')}
          name="shortName"
          autoComplete="organization"
          value={shortName}
          onChange={(e) => setShortName(e.target.value)}
          hint={t('login.shortNameHint')}
        />
      )}
      {isSignInProblem(error) ? <SignInProblem error={error} /> : null}
      <button type="submit" disabled={busy}>
        {t('login.submit')}
      </button>
      <p>
        <Link href="/login/forgot-password">{t('login.forgotPassword')}</Link>
        {' · '}
        <Link href="/login/forgot-organization">{t('login.forgot')}</Link>
      </p>
    </form>
  );
}
