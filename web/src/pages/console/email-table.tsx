import type { Email } from '../../api-types.ts';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';

/** Outbox messages with their delivery status, as the subscription and organization pages show them. */
export function EmailTable({
  emails,
  onResend,
  timeZone,
}: {
  emails: Email[];
  /** The organization's region's zone, when the emails belong to one. */
  timeZone?: string | undefined;
  onResend?: ((email: Email) => void) | undefined;
}) {
  const { t, locale } = useI18n();
  if (emails.length === 0) return <p className="empty">{t('subscriptionDetail.noEmails')}</p>;
  return (
    <TableScroll label={t('subscriptionDetail.emails')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('subscriptionDetail.col.subject')}</th>
            <th scope="col">{t('subscriptionDetail.col.to')}</th>
            <th scope="col">{t('subscriptionDetail.col.status')}</th>
            <th scope="col">{t('subscriptionDetail.col.attempts')}</th>
            <th scope="col">{t('subscriptionDetail.col.lastError')}</th>
            <th scope="col">{t('subscriptionDetail.col.time')}</th>
            {onResend ? <th scope="col">{t('home.col.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {emails.map((e) => (
            <tr key={e.id}>
              <td>{e.subject}</td>
              <td>{e.to}</td>
              <td>
                <span className={`badge badge-email-${e.status}`}>{t(`emailStatus.${e.status}`)}</span>
              </td>
              <td>{e.attempts}</td>
              <td>{e.lastError ?? ''}</td>
              <td>
                {formatDateTime(locale, e.createdAt, timeZone)}
                {e.sentAt ? (
                  <>
                    <br />
                    {formatDateTime(locale, e.sentAt, timeZone)}
                  </>
                ) : null}
              </td>
              {onResend ? (
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    aria-label={`${t('org.resendEmail')}: ${e.subject} → ${e.to}`}
                    onClick={() => onResend(e)}
                  >
                    {t('org.resendEmail')}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
