import { formatDateTime, useI18n } from '../../i18n.tsx';
import type { Email } from './types.ts';

/** Outbox messages with their delivery status, as the subscription and organization pages show them. */
export function EmailTable({ emails }: { emails: Email[] }) {
  const { t, locale } = useI18n();
  if (emails.length === 0) return <p className="empty">{t('subscriptionDetail.noEmails')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('subscriptionDetail.col.subject')}</th>
            <th scope="col">{t('subscriptionDetail.col.to')}</th>
            <th scope="col">{t('subscriptionDetail.col.status')}</th>
            <th scope="col">{t('subscriptionDetail.col.attempts')}</th>
            <th scope="col">{t('subscriptionDetail.col.lastError')}</th>
            <th scope="col">{t('subscriptionDetail.col.time')}</th>
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
                {formatDateTime(locale, e.createdAt)}
                {e.sentAt ? (
                  <>
                    <br />
                    {formatDateTime(locale, e.sentAt)}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
