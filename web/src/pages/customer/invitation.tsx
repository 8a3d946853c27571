import { type FormEvent, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import type { InvitationSummary } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { Layout } from '../../components/layout.tsx';
import { PasswordRules } from '../../components/password-rules.tsx';
import { nameFieldOrder, useI18n } from '../../i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useSubmit } from '../../use-submit.ts';

const linkCodes = [
  'INVITATION_INVALID',
  'INVITATION_EXPIRED',
  'INVITATION_REVOKED',
  'INVITATION_USED',
  'INVITATION_REPLACED',
] as const;

/** `/invitations/{token}`: the invitee sets name and password and lands signed in on home. */
export function InvitationPage({ token }: { token: string }) {
  const { t, locale } = useI18n();
  const invitation = useAsync(
    () => customerApi<InvitationSummary>('GET', `/api/v1/invitations/${token}`),
    [token],
  );
  const [form, setForm] = useState({ firstName: '', lastName: '', password: '' });
  const { busy, error, run } = useSubmit();

  const failed = invitation.error instanceof ApiError ? invitation.error : undefined;
  if (failed && (linkCodes as readonly string[]).includes(failed.code)) {
    return (
      <Layout>
        <div className="narrow">
          <h1>{t(`invitation.error.${failed.code as (typeof linkCodes)[number]}`)}</h1>
          <p className="form-problem" role="alert">
            {failed.message}
          </p>
          <Link href="/login" className="button">
            {t('invitation.goToLogin')}
          </Link>
        </div>
      </Layout>
    );
  }
  if (invitation.error) {
    return (
      <Layout>
        <ErrorPanel error={invitation.error} />
      </Layout>
    );
  }
  const data = invitation.data;
  if (!data) {
    return (
      <Layout>
        <p aria-live="polite">{t('common.loading')}</p>
      </Layout>
    );
  }
  const role = t(`home.role.${data.role}`);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await customerApi('POST', `/api/v1/invitations/${token}`, form);
      navigate('/home?joined=1');
    });
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  // The link stopped working while the form was open (used, revoked, expired): said calmly.
  const linkProblem =
    error instanceof ApiError && (linkCodes as readonly string[]).includes(error.code) ? error : undefined;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <Layout>
      <div className="narrow">
        <h1>{t('invitation.title', { organization: data.organization.name })}</h1>
        <p>
          {data.invitedBy
            ? t('invitation.intro', {
                inviter: data.invitedBy.name,
                organization: data.organization.name,
                role,
              })
            : t('invitation.introNoInviter', { organization: data.organization.name, role })}
        </p>
        <p className="muted">{t('invitation.email', { email: data.email })}</p>
        {linkProblem ? (
          <p className="form-problem" role="alert">
            {linkProblem.message}
          </p>
        ) : error && !Object.keys(fields).length ? (
          <ErrorPanel error={error} />
        ) : null}
        <form onSubmit={submit} noValidate>
          <div className="two-columns">
            {nameFieldOrder(locale).map((part) => (
              <TextField
                key={part}
                label={t(part === 'firstName' ? 'invitation.firstName' : 'invitation.lastName')}
                name={part}
                autoComplete={part === 'firstName' ? 'given-name' : 'family-name'}
                required
                value={form[part]}
                onChange={set(part)}
                error={fields[part]}
              />
            ))}
          </div>
          <TextField
            label={t('invitation.password')}
            type="password"
            name="password"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={set('password')}
            hint={<PasswordRules password={form.password} id="invitation-password-rules" />}
            error={fields.password}
          />
          <button type="submit" disabled={busy}>
            {t('invitation.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
