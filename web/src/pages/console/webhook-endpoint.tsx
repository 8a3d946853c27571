import { useEffect, useState } from 'react';
import { staffApi } from '../../api.ts';
import type { RotatedSecret, WebhookDeliveryPage, WebhookEndpoint } from '../../api-types.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { SecretPanel } from '../../components/secret-panel.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { EventChoice } from './webhook-events.tsx';
import { EndpointState } from './webhooks.tsx';

type Delivery = WebhookDeliveryPage['items'][number];

/** One endpoint: its state and actions, the events it gets, and its delivery log. */
export function WebhookEndpointPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const endpoint = useAsync(() => staffApi<WebhookEndpoint>('GET', `/api/v1/webhook-endpoints/${id}`), [id]);
  const log = useAsync(
    () => staffApi<WebhookDeliveryPage>('GET', `/api/v1/webhook-endpoints/${id}/deliveries`),
    [id],
  );
  const [older, setOlder] = useState<Delivery[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [events, setEvents] = useState<string[] | undefined>();
  const [notice, setNotice] = useState<string>();
  const [secret, setSecret] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();

  useEffect(() => setCursor(log.data?.nextCursor ?? null), [log.data]);
  // While something is on its way, keep the log current.
  const inFlight = log.data?.items.some((d) => d.status === 'pending' || d.status === 'delivering');
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(log.reload, 1500);
    return () => clearInterval(timer);
  }, [inFlight, log.reload]);

  const act = async (work: () => Promise<string | undefined>) => {
    setActionError(undefined);
    setNotice(undefined);
    try {
      setNotice(await work());
      endpoint.reload();
      log.reload();
    } catch (caught) {
      setActionError(caught);
    }
  };
  const patch = (body: Record<string, unknown>) =>
    act(async () => {
      await staffApi('PATCH', `/api/v1/webhook-endpoints/${id}`, body);
      return t('webhooks.detail.saved');
    });

  if (endpoint.error) return <ErrorPanel error={endpoint.error} />;
  const e = endpoint.data;
  if (!e) return <p aria-live="polite">{t('common.loading')}</p>;
  const chosen = events ?? e.events;
  const deliveries = [...(log.data?.items ?? []), ...older];

  return (
    <>
      <p>
        <Link href="/console/webhooks">{t('webhooks.title')}</Link>
      </p>
      <div className="page-heading">
        <h1 className="break-anywhere">{e.url}</h1>
        <EndpointState endpoint={e} />
      </div>
      {e.description ? <p>{e.description}</p> : null}
      {e.failingSince && e.enabled ? (
        <p className="notice notice-warning">
          {t('webhooks.detail.failingSince', { date: new Date(e.failingSince) })}
        </p>
      ) : null}
      {e.previousSecretValidUntil ? (
        <p className="muted">
          {t('webhooks.detail.previousSecret', { date: new Date(e.previousSecretValidUntil) })}
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      {secret ? <SecretPanel title={t('webhooks.detail.rotated')} secret={secret} /> : null}
      {actionError ? <ErrorPanel error={actionError} /> : null}
      <div className="actions">
        <button
          type="button"
          disabled={!e.enabled}
          onClick={() =>
            act(async () => {
              await staffApi('POST', `/api/v1/webhook-endpoints/${id}/test`);
              return t('webhooks.detail.testSent');
            })
          }
        >
          {t('webhooks.detail.test')}
        </button>
        <button type="button" className="secondary" onClick={() => patch({ enabled: !e.enabled })}>
          {e.enabled ? t('webhooks.detail.disable') : t('webhooks.detail.enable')}
        </button>
        <ConfirmButton
          secondary
          label={t('webhooks.detail.rotate')}
          explanation={t('webhooks.detail.rotateConfirm')}
          onConfirm={() =>
            act(async () => {
              const rotated = await staffApi<RotatedSecret>('POST', `/api/v1/webhook-endpoints/${id}/secret`);
              setSecret(rotated.secret);
              return undefined;
            })
          }
        />
        <ConfirmButton
          secondary
          danger
          label={t('webhooks.detail.delete')}
          explanation={t('webhooks.detail.deleteConfirm')}
          onConfirm={async () => {
            try {
              await staffApi('DELETE', `/api/v1/webhook-endpoints/${id}`);
              navigate('/console/webhooks');
            } catch (caught) {
              setActionError(caught);
            }
          }}
        />
      </div>
      <form
        className="narrow"
        onSubmit={(event) => {
          event.preventDefault();
          void patch({ events: chosen });
        }}
      >
        <EventChoice value={chosen} onChange={setEvents} />
        <button type="submit" className="secondary" disabled={chosen.length === 0}>
          {t('webhooks.detail.saveEvents')}
        </button>
      </form>
      <h2>{t('webhooks.deliveries')}</h2>
      {log.data ? (
        <p className="muted">
          {log.data.retentionDays === 1
            ? t('webhooks.deliveries.keptDay')
            : t('webhooks.deliveries.kept', { days: log.data.retentionDays })}
        </p>
      ) : null}
      {log.error ? <ErrorPanel error={log.error} /> : null}
      {deliveries.length === 0 ? (
        <p className="empty">{t('webhooks.deliveries.empty')}</p>
      ) : (
        <TableScroll label={t('webhooks.deliveries')}>
          <table className="deliveries">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveries.col.event')}</th>
                <th scope="col">{t('webhooks.deliveries.col.status')}</th>
                <th scope="col">{t('webhooks.deliveries.col.attempts')}</th>
                <th scope="col">{t('webhooks.deliveries.col.response')}</th>
                <th scope="col">{t('webhooks.deliveries.col.latency')}</th>
                <th scope="col">{t('webhooks.deliveries.col.when')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('webhooks.deliveries.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code>{d.eventType}</code>
                    <div className="muted">
                      <code>{d.eventId}</code>
                    </div>
                  </td>
                  <td>
                    <span className={`badge badge-delivery-${d.status}`}>
                      {t(`webhooks.deliveryStatus.${d.status}`)}
                    </span>
                    {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 ? (
                      <div className="muted">
                        {t('webhooks.deliveries.next', { date: new Date(d.nextAttemptAt) })}
                      </div>
                    ) : null}
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.responseStatus !== null ? <code>HTTP {d.responseStatus}</code> : null}
                    {d.lastError && d.responseStatus === null ? <div>{d.lastError}</div> : null}
                    {d.responseBody ? <pre className="response-body">{d.responseBody}</pre> : null}
                  </td>
                  <td>{d.latencyMs !== null ? t('webhooks.deliveries.latency', { ms: d.latencyMs }) : ''}</td>
                  <td>{d.lastAttemptAt ? formatDateTime(locale, d.lastAttemptAt) : ''}</td>
                  <td>
                    {d.status === 'failed' || d.status === 'succeeded' ? (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() =>
                          act(async () => {
                            await staffApi('POST', `/api/v1/webhook-deliveries/${d.id}/retry`);
                            return t('webhooks.deliveries.retried');
                          })
                        }
                      >
                        {t('webhooks.deliveries.retry')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {cursor ? (
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            const page = await staffApi<WebhookDeliveryPage>(
              'GET',
              `/api/v1/webhook-endpoints/${id}/deliveries?cursor=${cursor}`,
            );
            setOlder((previous) => [...previous, ...page.items]);
            setCursor(page.nextCursor);
          }}
        >
          {t('webhooks.deliveries.more')}
        </button>
      ) : null}
    </>
  );
}
