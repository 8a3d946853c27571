import type { ReactNode } from 'react';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
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
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="site-header">
        <div className={wide ? 'header-inner wide' : 'header-inner'}>
          <Link href={brandHref} className="brand">
            {t('app.name')}
          </Link>
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
