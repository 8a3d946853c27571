import { useState } from 'react';
import { customerApi } from '../../api.ts';
import type { Overview } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { formatDate, useI18n } from '../../i18n.tsx';
import { Link, useLocation } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useMe } from './customer-layout.tsx';
import { PasswordSection } from './password-section.tsx';
import { PeopleSection } from './people-section.tsx';

/** SPEC step 10: the organization, its products and features, billing, verification and people. */
export function HomePage() {
  const { t, locale } = useI18n();
  const { me } = useMe();
  const overview = useAsync(() => customerApi<Overview>('GET', '/api/v1/organization'), []);
  const [copied, setCopied] = useState(false);
  const { search } = useLocation();
  if (overview.error) return <ErrorPanel error={overview.error} organizationId={me.organization.id} />;
  const data = overview.data;
  if (!data) return <p aria-live="polite">{t('common.loading')}</p>;
  const o = data.organization;
  const copy = async () => {
    await navigator.clipboard.writeText(o.id).catch(() => {});
    setCopied(true);
  };

  return (
    <>
      <div className="page-heading">
        <h1>{o.name}</h1>
        <span
          className={`badge ${o.verification === 'verified' ? 'badge-activated' : 'badge-pending'}`}
          data-testid="verification"
        >
          {t(`home.verification.${o.verification}`)}
        </span>
      </div>
      {search.get('joined') ? (
        <p className="notice" role="status">
          {t('home.joined', { organization: o.name })}
        </p>
      ) : null}
      {o.setup !== 'done' && me.user.role === 'admin' ? (
        <p className="warning">
          {t('home.setupPending')} <Link href="/setup">{t('setup.title')}</Link>
        </p>
      ) : null}
      <div className="home-grid">
        <section aria-labelledby="org-title" className="card">
          <h2 id="org-title">{t('home.orgTitle')}</h2>
          <dl className="facts plain-facts">
            <dt>{t('home.shortName')}</dt>
            <dd>
              <code data-testid="home-short-name">{o.shortName}</code>
            </dd>
            <dt>{t('home.organizationId')}</dt>
            <dd>
              <code data-testid="home-organization-id">{o.id}</code>{' '}
              <button type="button" className="link-button" onClick={copy}>
                {copied ? t('home.copied') : t('home.copy')}
              </button>
            </dd>
            <dt>{t('home.region')}</dt>
            <dd>
              {o.regionName[locale]} · <code>{o.region}</code>
            </dd>
            <dt>{t('home.loginUrl')}</dt>
            <dd>{o.loginUrl}</dd>
          </dl>
        </section>
        <section aria-labelledby="billing-title" className="card">
          <h2 id="billing-title">{t('home.billingTitle')}</h2>
          {data.billing ? (
            <>
              <p data-testid="billing-summary">
                {data.billing.kind === 'trial'
                  ? t('home.billing.trial', {
                      days: data.billing.trialDaysLeft ?? 0,
                      date: formatDate(locale, data.billing.trialEndsAt ?? '', o.timeZone),
                    })
                  : t('home.billing.paid', {
                      ratePlan: data.billing.ratePlan ?? '',
                      currency: data.billing.currency ?? '',
                      // A calendar date, not an instant: shown as written.
                      date: formatDate(locale, `${data.billing.startsOn}T12:00:00Z`, 'UTC'),
                    })}
              </p>
              <ul className="plain">
                {data.billing.quantities.map((q) => (
                  <li key={q.sku}>
                    {q.name} × {q.quantity}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">{t('home.billing.none')}</p>
          )}
        </section>
      </div>
      <section aria-labelledby="products-title">
        <h2 id="products-title">{t('home.productsTitle')}</h2>
        <div className="product-cards">
          {data.products.map((product) => (
            <article key={product.sku} className="card" aria-labelledby={`product-${product.sku}`}>
              <h3 id={`product-${product.sku}`}>
                {product.name}{' '}
                <span className="muted">{t('home.quantity', { quantity: product.quantity })}</span>
              </h3>
              <ul className="feature-list">
                {product.features.map((f) => (
                  <li key={f.key} className={f.enabled ? 'enabled' : ''}>
                    <span aria-hidden="true">{f.enabled ? '✓' : '○'}</span> {f.name[locale]}
                    <span className="visually-hidden">
                      {' '}
                      ({f.enabled ? t('home.feature.enabled') : t('home.feature.disabled')})
                    </span>
                  </li>
                ))}
              </ul>
            </article>
          ))}
        </div>
      </section>
      <PeopleSection
        timeZone={o.timeZone}
        people={data.people}
        canInvite={me.user.permissions.includes('people:invite')}
        onChange={overview.reload}
      />
      <PasswordSection email={me.user.email} />
    </>
  );
}
