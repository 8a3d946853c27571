import { Layout } from '../components/layout.tsx';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';

export function Home() {
  const { t } = useI18n();
  return (
    <Layout>
      <div className="narrow">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
        <ul className="link-list">
          <li>
            <Link href="/activate">{t('home.lostEmail')}</Link>
          </li>
          <li>
            <Link href="/console">{t('home.staff')}</Link>
          </li>
        </ul>
      </div>
    </Layout>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Layout>
      <div className="narrow">
        <h1>{t('common.notFoundTitle')}</h1>
        <p>{t('common.notFoundBody')}</p>
        <Link href="/">{t('common.home')}</Link>
      </div>
    </Layout>
  );
}
