import { useEffect, useState } from 'react';
import { staffApi } from '../../api.ts';
import type { SubscriptionDetail as Detail } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';
import { Link, useLocation } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useRegionName } from '../../use-region-name.ts';
import { EmailTable } from './email-table.tsx';

export function SubscriptionDetail({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const regionName = useRegionName();
  const { search } = useLocation();
  const detail = useAsync(() => staffApi<Detail>('GET', `/api/v1/subscriptions/${id}`), [id]);
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | undefined>(
    search.get('created') ? t('subscriptionForm.created') : undefined,
  );
  const [actionError, setActionError] = useState<unknown>();
  const s = detail.data;

  // While mail is on its way, refresh so the status column tells the truth.
  const inFlight = s?.emails.some(
    (e) => e.status === 'queued' || e.status === 'sending' || e.status === 'failed',
  );
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(detail.reload, 2000);
    return () => clearInterval(timer);
  }, [inFlight, detail.reload]);

  const resend = async () => {
    setConfirming(false);
    setActionError(undefined);
    try {
      await staffApi('POST', `/api/v1/subscriptions/${id}/activation-email`);
      setNotice(t('subscriptionDetail.resent'));
      detail.reload();
    } catch (caught) {
      setActionError(caught);
    }
  };

  const cancel = async () => {
    setCancelling(false);
    setActionError(undefined);
    try {
      await staffApi('POST', `/api/v1/subscriptions/${id}/cancellation`, reason ? { reason } : {});
      setNotice(t('subscriptionDetail.cancelled'));
      detail.reload();
    } catch (caught) {
      setActionError(caught);
    }
  };

  if (detail.error) return <ErrorPanel error={detail.error} />;
  if (!s) return <p aria-live="polite">{t('common.loading')}</p>;
  const link = s.activationLink;

  return (
    <>
      <div className="page-heading">
        <h1>{s.company}</h1>
        <span className={`badge badge-${s.status}`}>{t(`subscriptionStatus.${s.status}`)}</span>
      </div>
      <div role="status" aria-live="polite">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      {actionError ? <ErrorPanel error={actionError} /> : null}
      <dl className="facts">
        <dt>{t('subscriptionDetail.contact')}</dt>
        <dd>
          {s.contact.name} &lt;{s.contact.email}&gt;
        </dd>
        <dt>{t('subscriptionDetail.locale')}</dt>
        <dd>{t(`common.locale.${s.locale}`)}</dd>
        <dt>{t('subscriptionDetail.kind')}</dt>
        <dd>
          {s.kind === 'trial'
            ? t('subscriptionDetail.trial', { days: s.trialDays ?? 0 })
            : t('subscriptionDetail.paid', { ratePlan: s.ratePlan ?? '', currency: s.currency ?? '' })}
        </dd>
        <dt>{t('subscriptionDetail.products')}</dt>
        <dd>
          <ul className="plain">
            {s.products.map((p) => (
              <li key={p.sku}>
                {p.name} × {p.quantity}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('subscriptionDetail.created')}</dt>
        <dd>{formatDateTime(locale, s.createdAt)}</dd>
        <dt>{t('subscriptionDetail.activationLink')}</dt>
        <dd>
          {s.status === 'cancelled' && link && link.state !== 'used'
            ? t('tokenStatus.cancelled')
            : !link
              ? t('tokenStatus.none')
              : link.state === 'used' && link.usedAt
                ? t('tokenStatus.used', { date: formatDateTime(locale, link.usedAt) })
                : link.state === 'expired'
                  ? t('tokenStatus.expired', { date: formatDateTime(locale, link.expiresAt) })
                  : t('tokenStatus.live', { date: formatDateTime(locale, link.expiresAt) })}
        </dd>
        {s.cancellation ? (
          <>
            <dt>{t('subscriptionDetail.cancellation')}</dt>
            <dd data-testid="cancellation">
              {s.cancellation.by
                ? t('subscriptionDetail.cancelledBy', {
                    name: s.cancellation.by.name,
                    email: s.cancellation.by.email,
                    date: formatDateTime(locale, s.cancellation.at),
                  })
                : t('subscriptionDetail.cancelledOn', {
                    date: formatDateTime(locale, s.cancellation.at),
                  })}{' '}
              {s.cancellation.reason
                ? t('subscriptionDetail.cancelledReason', { reason: s.cancellation.reason })
                : t('subscriptionDetail.noReason')}
            </dd>
          </>
        ) : null}
        {s.organization ? (
          <>
            <dt>{t('subscriptionDetail.organization')}</dt>
            <dd>
              <Link href={`/console/organizations/${s.organization.id}`}>
                {t('subscriptionDetail.openOrganization')}
              </Link>{' '}
              · <code>{s.organization.shortName}</code> · {regionName(s.organization.region)} ·{' '}
              <code>{s.organization.id}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {s.status === 'pending' ? (
        <div className="actions">
          {confirming ? (
            <fieldset className="confirm">
              <legend className="visually-hidden">{t('subscriptionDetail.resend')}</legend>
              <p>{t('subscriptionDetail.resendConfirm')}</p>
              <button type="button" onClick={resend}>
                {t('subscriptionDetail.resend')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </fieldset>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              {t('subscriptionDetail.resend')}
            </button>
          )}
          {cancelling ? (
            <fieldset className="confirm">
              <legend className="visually-hidden">{t('subscriptionDetail.cancel')}</legend>
              <p>{t('subscriptionDetail.cancelConfirm')}</p>
              <label>
                {t('subscriptionDetail.cancelReason')}{' '}
                <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
              </label>
              <button type="button" className="danger" onClick={cancel}>
                {t('subscriptionDetail.cancel')}
              </button>
              <button type="button" className="secondary" onClick={() => setCancelling(false)}>
                {t('common.cancel')}
              </button>
            </fieldset>
          ) : (
            <button type="button" className="secondary" onClick={() => setCancelling(true)}>
              {t('subscriptionDetail.cancel')}
            </button>
          )}
        </div>
      ) : null}
      <h2>{t('subscriptionDetail.emails')}</h2>
      <EmailTable emails={s.emails} />
    </>
  );
}
