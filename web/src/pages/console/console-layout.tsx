import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import type { StaffMember, WebhookEndpoint } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Layout } from '../../components/layout.tsx';
import { useDeployment } from '../../deployment.ts';
import { useI18n } from '../../i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';

const StaffContext = createContext<StaffMember | undefined>(undefined);

export function useStaff(): StaffMember | undefined {
  return useContext(StaffContext);
}

/** How long typing pauses before the results follow it. */
const searchDelayMs = 250;

/**
 * Search as you type: results follow the box after a short pause (Enter goes at once). On the
 * results page each change replaces the history entry, so Back leaves search in one step.
 */
function LiveSearch() {
  const { t } = useI18n();
  const location = useLocation();
  const onResults = location.path === '/console/search';
  const [q, setQ] = useState(onResults ? (location.search.get('q') ?? '') : '');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const go = (value: string) => {
    clearTimeout(timer.current);
    const query = value.trim();
    if (!query) return;
    navigate(`/console/search?q=${encodeURIComponent(query)}`, { replace: onResults });
  };
  // Only typing searches: leaving the results page (opening one) must not search again.
  const type = (value: string) => {
    setQ(value);
    clearTimeout(timer.current);
    if (value.trim().length >= 2) timer.current = setTimeout(() => go(value), searchDelayMs);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <search>
      <form
        className="header-search"
        onSubmit={(event) => {
          event.preventDefault();
          go(q);
        }}
      >
        <input
          type="search"
          name="q"
          aria-label={t('console.search')}
          placeholder={t('console.searchPlaceholder')}
          value={q}
          onChange={(event) => type(event.target.value)}
        />
      </form>
    </search>
  );
}

/** Console frame: requires a staff session, else sends the visitor to sign in and back. */
export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const location = useLocation();
  const me = useAsync(() => staffApi<StaffMember>('GET', '/api/v1/staff/me'), []);
  const deployment = useDeployment();
  const unauthenticated = me.error instanceof ApiError && me.error.status === 401;
  const isAdmin = me.data?.roles.includes('admin') ?? false;
  // Admins hear of endpoints Onramp disabled on every console page, not only on the webhooks page.
  const endpoints = useAsync(
    () =>
      isAdmin
        ? staffApi<{ items: WebhookEndpoint[] }>('GET', '/api/v1/webhook-endpoints')
        : Promise.resolve({ items: [] }),
    [isAdmin],
  );
  const stopped =
    endpoints.data?.items.filter((e) => e.disabledReason === 'gone' || e.disabledReason === 'failing')
      .length ?? 0;

  useEffect(() => {
    if (unauthenticated) {
      const next = location.path + (location.search.size ? `?${location.search}` : '');
      navigate(`/console/sign-in?next=${encodeURIComponent(next)}`, { replace: true });
    }
  }, [unauthenticated, location]);

  const signOut = async () => {
    await staffApi('DELETE', '/api/v1/staff/sessions/current').catch(() => {});
    navigate('/console/sign-in');
  };

  const nav = me.data ? (
    <nav aria-label={t('console.title')} className="site-nav">
      <Link href="/console" aria-current={location.path === '/console' ? 'page' : undefined}>
        {t('console.nav.subscriptions')}
      </Link>
      <Link
        href="/console/subscriptions/new"
        aria-current={location.path === '/console/subscriptions/new' ? 'page' : undefined}
      >
        {t('console.nav.newSubscription')}
      </Link>
      <Link
        href="/console/verification"
        aria-current={location.path === '/console/verification' ? 'page' : undefined}
      >
        {t('console.nav.verification')}
      </Link>
      {isAdmin ? (
        <Link
          href="/console/webhooks"
          aria-current={location.path.startsWith('/console/webhooks') ? 'page' : undefined}
        >
          {t('console.nav.webhooks')}
        </Link>
      ) : null}
      <Link
        href="/console/api-tokens"
        aria-current={location.path === '/console/api-tokens' ? 'page' : undefined}
      >
        {t('console.nav.apiTokens')}
      </Link>
      {deployment?.mailbox ? <Link href="/mailbox">{t('console.nav.mailbox')}</Link> : null}
      <a href="/docs">{t('console.nav.apiDocs')}</a>
      <LiveSearch />
      <span className="who">{t('console.signedInAs', { name: me.data.name })}</span>
      <button type="button" className="link-button" onClick={signOut}>
        {t('common.signOut')}
      </button>
    </nav>
  ) : undefined;

  return (
    <Layout nav={nav} brandHref="/console" wide>
      {me.loading && !me.data ? <p aria-live="polite">{t('common.loading')}</p> : null}
      {me.error && !unauthenticated ? <ErrorPanel error={me.error} /> : null}
      {stopped > 0 && !location.path.startsWith('/console/webhooks') ? (
        <p className="notice notice-warning" role="alert">
          {t('webhooks.disabledNotice', { count: stopped })}{' '}
          <Link href="/console/webhooks">{t('webhooks.open')}</Link>
        </p>
      ) : null}
      {me.data ? <StaffContext.Provider value={me.data}>{children}</StaffContext.Provider> : null}
    </Layout>
  );
}
