import { useEffect, useState } from 'react';
import { staffApi } from '../../api.ts';
import type { Subscription, SubscriptionPage } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { productsText } from './products-text.ts';

export function SubscriptionList() {
  const { t, locale } = useI18n();
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const q = search.get('q') ?? '';
  const [query, setQuery] = useState(q);
  const [items, setItems] = useState<Subscription[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);

  const load = async (after: string | null) => {
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (q) params.set('q', q);
    if (after) params.set('cursor', after);
    setLoading(true);
    try {
      const page = await staffApi<SubscriptionPage>('GET', `/api/v1/subscriptions?${params}`);
      setItems((previous) => (after ? [...previous, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters in the URL change
  useEffect(() => {
    void load(null);
  }, [status, q]);

  const applyFilters = (next: { status?: string; q?: string }) => {
    const params = new URLSearchParams();
    const nextStatus = next.status ?? status;
    const nextQ = next.q ?? q;
    if (nextStatus) params.set('status', nextStatus);
    if (nextQ) params.set('q', nextQ);
    navigate(`/console${params.size ? `?${params}` : ''}`, { replace: true });
  };

  return (
    <>
      <div className="page-heading">
        <h1>{t('subscriptions.title')}</h1>
        <Link href="/console/subscriptions/new" className="button">
          {t('console.nav.newSubscription')}
        </Link>
      </div>
      <search>
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            applyFilters({ q: query.trim() });
          }}
        >
          <label>
            <span className="visually-hidden">{t('subscriptions.search')}</span>
            <input
              type="search"
              placeholder={t('subscriptions.search')}
              aria-label={t('subscriptions.search')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </label>
          <label>
            <span className="visually-hidden">{t('subscriptions.status')}</span>
            <select
              aria-label={t('subscriptions.status')}
              value={status}
              onChange={(e) => applyFilters({ status: e.target.value })}
            >
              <option value="">{t('subscriptions.allStatuses')}</option>
              <option value="pending">{t('subscriptionStatus.pending')}</option>
              <option value="activated">{t('subscriptionStatus.activated')}</option>
              <option value="cancelled">{t('subscriptionStatus.cancelled')}</option>
            </select>
          </label>
        </form>
      </search>
      {error ? <ErrorPanel error={error} /> : null}
      {!loading && items.length === 0 && !error ? (
        <p className="empty">{status || q ? t('subscriptions.empty') : t('subscriptions.emptyAll')}</p>
      ) : null}
      {items.length > 0 ? (
        <TableScroll label={t('subscriptions.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('subscriptions.col.company')}</th>
                <th scope="col">{t('subscriptions.col.contact')}</th>
                <th scope="col">{t('subscriptions.col.kind')}</th>
                <th scope="col">{t('subscriptions.col.products')}</th>
                <th scope="col">{t('subscriptions.col.status')}</th>
                <th scope="col">{t('subscriptions.col.created')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/console/subscriptions/${s.id}`}>{s.company}</Link>
                  </td>
                  <td>
                    {s.contact.name}
                    <br />
                    <span className="muted">{s.contact.email}</span>
                  </td>
                  <td>{t(`kind.${s.kind}`)}</td>
                  <td>{productsText(s.products)}</td>
                  <td>
                    <span className={`badge badge-${s.status}`}>{t(`subscriptionStatus.${s.status}`)}</span>
                  </td>
                  <td>{formatDateTime(locale, s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {loading ? <p aria-live="polite">{t('common.loading')}</p> : null}
      {cursor && !loading ? (
        <button type="button" className="secondary" onClick={() => void load(cursor)}>
          {t('subscriptions.loadMore')}
        </button>
      ) : null}
    </>
  );
}
