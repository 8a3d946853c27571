import { type FormEvent, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import type { OrganizationDetail } from '../../api-types.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';
import { useSubmit } from '../../use-submit.ts';

type Props = {
  organization: OrganizationDetail['organization'];
  checks: OrganizationDetail['checks'];
  canVerify: boolean;
  onVerified(message: string): void;
};

/** The CX specialist's sign-off: notes, an override when a check fails, and the verification. */
export function SignOff({ organization, checks, canVerify, onVerified }: Props) {
  const { t, locale } = useI18n();
  const [notes, setNotes] = useState('');
  const [override, setOverride] = useState(false);
  const { busy, error, run } = useSubmit();
  const failing = checks.some((c) => c.status === 'failed');

  if (organization.verification === 'verified') {
    return (
      <section aria-labelledby="signoff-title" className="card signoff">
        <h2 id="signoff-title">{t('org.signOffTitle')}</h2>
        <p data-testid="verified-by">
          {t('org.verifiedBy', {
            name: organization.verifiedBy?.name ?? '—',
            date: organization.verifiedAt
              ? formatDateTime(locale, organization.verifiedAt, organization.timeZone)
              : '',
          })}
          {organization.verificationOverride ? ` ${t('org.verifiedOverride')}` : ''}
        </p>
        {organization.verificationNotes ? <blockquote>{organization.verificationNotes}</blockquote> : null}
      </section>
    );
  }
  if (!canVerify) return null;

  const verify = () =>
    run(async () => {
      await staffApi('POST', `/api/v1/organizations/${organization.id}/verification`, {
        notes: notes || undefined,
        override: override || undefined,
      });
      onVerified(t('org.verifiedNow'));
    });
  const fields = error instanceof ApiError ? error.fieldErrors() : {};

  return (
    <section aria-labelledby="signoff-title" className="card signoff">
      <h2 id="signoff-title">{t('org.signOffTitle')}</h2>
      <p>{t('org.signOffIntro')}</p>
      {error ? <ErrorPanel error={error} organizationId={organization.id} /> : null}
      <form onSubmit={(event: FormEvent) => event.preventDefault()} noValidate>
        <div className={fields.notes ? 'field has-error' : 'field'}>
          <label htmlFor="signoff-notes">{t('org.notes')}</label>
          <textarea
            id="signoff-notes"
            rows={3}
            maxLength={2000}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            aria-describedby={fields.notes ? 'signoff-notes-error' : undefined}
          />
          {fields.notes ? (
            <div id="signoff-notes-error" className="field-error">
              {fields.notes}
            </div>
          ) : null}
        </div>
        {failing ? (
          <label className="checkbox">
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
            {t('org.override')}
          </label>
        ) : null}
        <div>
          <ConfirmButton
            label={t('org.verify')}
            explanation={t('org.verifyConfirm', { organization: organization.name })}
            disabled={busy}
            onConfirm={verify}
          />
        </div>
      </form>
    </section>
  );
}
