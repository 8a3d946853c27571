import { type FormEvent, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import type { InvitationSummary } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { Layout } from '../../components/layout.tsx';
import { PasswordRules } from '../../components/password-rules.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useSubmit } from '../../use-submit.ts';

const linkCodes = [
  'INVITATION_INVALID',
  'INVITATION_EXPIRED',
  'INVITATION_REVOKED',
  'INVITATION_USED',
] as const;

/** `/invitations/{token}`: the invitee sets name and password and lands signed in on home. */
export function InvitationPage({ token }: { token: string }) {
  const { t } = useI18n();
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
          <ErrorPanel
            error={failed}
            title={t(`invitation.error.${failed.code as (typeof linkCodes)[number]}`)}
          />
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
      navigate('/home');
    });
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
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
        {error && !Object.keys(fields).length ? <ErrorPanel error={error} /> : null}
        <form onSubmit={submit} noValidate>
          <div className="two-columns">
            <TextField
              label={t('invitation.firstName')}
              name="firstName"
              autoComplete="given-name"
              required
              value={form.firstName}
              onChange={set('firstName')}
              error={fields.firstName}
            />
            <TextField
              label={t('invitation.lastName')}
              name="lastName"
              autoComplete="family-name"
              required
              value={form.lastName}
              onChange={set('lastName')}
              error={fields.lastName}
            />
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
