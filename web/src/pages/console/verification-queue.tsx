import { staffApi } from '../../api.ts';
import type { VerificationQueueAnswer } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useRegionName } from '../../use-region-name.ts';

/** The CX specialist's queue: organizations awaiting verification, oldest first. */
export function VerificationQueue() {
  const { t, locale } = useI18n();
  const regionName = useRegionName();
  const queue = useAsync(() => staffApi<VerificationQueueAnswer>('GET', '/api/v1/verification-queue'), []);
  if (queue.error) return <ErrorPanel error={queue.error} />;
  if (!queue.data) return <p aria-live="polite">{t('common.loading')}</p>;
  return (
    <>
      <h1>{t('queue.title')}</h1>
      <p>{t('queue.intro')}</p>
      {queue.data.items.length === 0 ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : (
        <TableScroll label={t('queue.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('queue.col.organization')}</th>
                <th scope="col">{t('queue.col.region')}</th>
                <th scope="col">{t('queue.col.setup')}</th>
                <th scope="col">{t('queue.col.setupDone')}</th>
                <th scope="col">{t('queue.col.checks')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((item) => {
                const failed = item.checks.filter((c) => c.status === 'failed').length;
                return (
                  <tr key={item.id}>
                    <td>
                      <Link href={`/console/organizations/${item.id}`}>{item.name}</Link>
                      <br />
                      <code>{item.shortName}</code>
                    </td>
                    <td>{regionName(item.region)}</td>
                    <td>{t(`label.setup.${item.setup}`)}</td>
                    <td>{item.setupDoneAt ? formatDateTime(locale, item.setupDoneAt) : ''}</td>
                    <td>
                      {item.checks.length === 0 ? (
                        <span className="muted">{t('queue.checksPending')}</span>
                      ) : failed ? (
                        <span className="badge badge-cancelled">
                          {t('queue.checksFailed', { failed, count: item.checks.length })}
                        </span>
                      ) : (
                        <span className="badge badge-activated">
                          {t('queue.checksPassed', { count: item.checks.length })}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
