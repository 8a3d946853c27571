import { type ReactNode, useEffect, useState } from 'react';
import { useI18n } from '../i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** Page frame: skip link, header with brand, navigation and language, and the main landmark. */
export function Layout({
  children,
  nav,
  brandHref = '/',
  wide = false,
}: {
  children: ReactNode;
  nav?: ReactNode;
  brandHref?: string;
  wide?: boolean;
}) {
  const { t } = useI18n();
  const [menuOpen, setMenuOpen] = useState(false);
  const { path } = useLocation();
  // A link chosen in the phone menu closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the page changes
  useEffect(() => setMenuOpen(false), [path]);
  const inner = `${wide ? 'header-inner wide' : 'header-inner'}${menuOpen ? ' menu-open' : ''}`;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="site-header">
        <div className={inner}>
          <Link href={brandHref} className="brand">
            {t('app.name')}
          </Link>
          {nav ? (
            <button
              type="button"
              className="secondary menu-toggle"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen((open) => !open)}
            >
              {t('common.menu')}
            </button>
          ) : null}
          {nav}
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={wide ? 'page wide' : 'page'}>
        {children}
      </main>
    </>
  );
}
