import { staffApi } from '../../api.ts';
import type { OrganizationSearchResults } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link, useLocation } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useRegionName } from '../../use-region-name.ts';

/** Support's lookup by Organization ID, short name, company or email. */
export function SearchResults() {
  const { t } = useI18n();
  const regionName = useRegionName();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const results = useAsync(
    () => staffApi<OrganizationSearchResults>('GET', `/api/v1/organizations?q=${encodeURIComponent(q)}`),
    [q],
  );
  return (
    <>
      <h1>{t('search.title', { q })}</h1>
      {results.error ? <ErrorPanel error={results.error} /> : null}
      {results.data?.items.length === 0 ? <p className="empty">{t('search.empty')}</p> : null}
      {results.data?.items.length ? (
        <ul className="result-list">
          {results.data.items.map((o) => (
            <li key={o.id}>
              <Link href={`/console/organizations/${o.id}`}>{o.name}</Link> <code>{o.shortName}</code>{' '}
              <span className="muted">
                {regionName(o.region)} · {t(`label.orgState.${o.state}`)} ·{' '}
                {t(`label.verification.${o.verification}`)} · <code>{o.id}</code>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
