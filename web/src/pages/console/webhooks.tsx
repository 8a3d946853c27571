import { type FormEvent, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import type { CreatedWebhookEndpoint, WebhookEndpoint } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TextField } from '../../components/field.tsx';
import { SecretPanel } from '../../components/secret-panel.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useSubmit } from '../../use-submit.ts';
import { EventChoice } from './webhook-events.tsx';

/** How an endpoint stands, in words: enabled, or why it stopped. */
export function EndpointState({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useI18n();
  if (endpoint.enabled) return <span className="badge badge-activated">{t('webhooks.state.enabled')}</span>;
  return (
    <span className={endpoint.disabledReason === 'manual' ? 'badge' : 'badge badge-cancelled'}>
      {t(`webhooks.state.${endpoint.disabledReason ?? 'manual'}`)}
    </span>
  );
}

/** Admins: where Onramp's signed events go, and a form to add an endpoint. */
export function WebhooksPage() {
  const { t } = useI18n();
  const endpoints = useAsync(
    () => staffApi<{ items: WebhookEndpoint[] }>('GET', '/api/v1/webhook-endpoints'),
    [],
  );
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedWebhookEndpoint>();
  const { busy, error, run } = useSubmit();
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const eventsError = Object.entries(fields).find(([path]) => path.startsWith('events'))?.[1];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const endpoint = await staffApi<CreatedWebhookEndpoint>('POST', '/api/v1/webhook-endpoints', {
        url: url.trim(),
        events,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setCreated(endpoint);
      setUrl('');
      setDescription('');
      setEvents([]);
      endpoints.reload();
    });
  };

  const disabled = endpoints.data?.items.filter(
    (e) => e.disabledReason === 'gone' || e.disabledReason === 'failing',
  );
  return (
    <>
      <h1>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {disabled?.length ? (
        <p className="notice notice-warning" role="alert">
          {t('webhooks.disabledNotice', { count: disabled.length })}
        </p>
      ) : null}
      {created ? (
        <>
          <p className="notice" role="status">
            {t('webhooks.created')} <Link href={`/console/webhooks/${created.id}`}>{created.url}</Link>
          </p>
          <SecretPanel title={t('webhooks.secret')} secret={created.secret} />
        </>
      ) : null}
      {endpoints.error ? <ErrorPanel error={endpoints.error} /> : null}
      {!endpoints.data ? (
        <p aria-live="polite">{t('common.loading')}</p>
      ) : endpoints.data.items.length === 0 ? (
        <p className="empty">{t('webhooks.empty')}</p>
      ) : (
        <TableScroll label={t('webhooks.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.col.url')}</th>
                <th scope="col">{t('webhooks.col.events')}</th>
                <th scope="col">{t('webhooks.col.state')}</th>
                <th scope="col">{t('webhooks.col.deliveries')}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.data.items.map((endpoint) => (
                <tr key={endpoint.id}>
                  <td>
                    <Link href={`/console/webhooks/${endpoint.id}`}>{endpoint.url}</Link>
                    {endpoint.description ? <div className="muted">{endpoint.description}</div> : null}
                  </td>
                  <td>{t('webhooks.eventCount', { count: endpoint.events.length })}</td>
                  <td>
                    <EndpointState endpoint={endpoint} />
                  </td>
                  <td>{t('webhooks.deliveryCounts', endpoint.deliveries)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{t('webhooks.add')}</h2>
      {error && !(error instanceof ApiError && error.code === 'VALIDATION_FAILED') ? (
        <ErrorPanel error={error} />
      ) : null}
      <form onSubmit={submit} noValidate className="narrow">
        <TextField
          label={t('webhooks.url')}
          name="url"
          type="url"
          required
          maxLength={2000}
          value={url}
          hint={t('webhooks.urlHint')}
          error={fields.url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <TextField
          label={t('webhooks.description')}
          name="description"
          maxLength={500}
          value={description}
          error={fields.description}
          onChange={(event) => setDescription(event.target.value)}
        />
        <EventChoice value={events} onChange={setEvents} />
        {eventsError ? <p className="field-error">{eventsError}</p> : null}
        <button type="submit" disabled={busy}>
          {t('webhooks.add')}
        </button>
      </form>
    </>
  );
}
