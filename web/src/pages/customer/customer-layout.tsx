import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import type { Me } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Layout } from '../../components/layout.tsx';
import { personName, useI18n } from '../../i18n.tsx';
import { navigate, useLocation } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';

const MeContext = createContext<{ me: Me; reload(): void } | undefined>(undefined);

export function useMe() {
  const value = useContext(MeContext);
  if (!value) throw new Error('useMe outside CustomerLayout');
  return value;
}

/** The product's frame: requires a customer session, else sends the visitor to sign in and back. */
export function CustomerLayout({ children }: { children: ReactNode }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  const me = useAsync(() => customerApi<Me>('GET', '/api/v1/me'), []);
  const unauthenticated = me.error instanceof ApiError && me.error.status === 401;
  useEffect(() => {
    if (unauthenticated) navigate(`/login?next=${encodeURIComponent(location.path)}`, { replace: true });
  }, [unauthenticated, location.path]);

  const signOut = async () => {
    await customerApi('DELETE', '/api/v1/sessions/current').catch(() => {});
    navigate('/login');
  };
  const nav = me.data ? (
    <nav aria-label={me.data.organization.name} className="site-nav">
      <span>
        <strong>{me.data.organization.name}</strong> <code>{me.data.organization.shortName}</code>
      </span>
      <span className="who">{t('home.signedInAs', { name: personName(locale, me.data.user) })}</span>
      <button type="button" className="link-button" onClick={signOut}>
        {t('login.signOut')}
      </button>
    </nav>
  ) : undefined;

  return (
    <Layout nav={nav} brandHref="/home" wide>
      {me.loading && !me.data ? <p aria-live="polite">{t('common.loading')}</p> : null}
      {me.error && !unauthenticated ? <ErrorPanel error={me.error} /> : null}
      {me.data ? (
        <MeContext.Provider value={{ me: me.data, reload: me.reload }}>{children}</MeContext.Provider>
      ) : null}
    </Layout>
  );
}
