import { EmailRequestPage } from '../../components/email-request-page.tsx';
import { Layout } from '../../components/layout.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link, useLocation } from '../../router.tsx';
import { LoginForm } from './login-form.tsx';

export function LoginPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  return (
    <Layout>
      <div className="narrow">
        <h1>{t('login.title')}</h1>
        <LoginForm
          email={search.get('email') ?? ''}
          shortName={search.get('shortName') ?? ''}
          next={search.get('next')}
        />
      </div>
    </Layout>
  );
}

/** "Forgot organization name?": the answer never says whether the address is known. */
export function ForgotOrganizationPage() {
  const { t } = useI18n();
  return (
    <EmailRequestPage
      title={t('forgot.title')}
      intro={t('forgot.intro')}
      emailLabel={t('login.email')}
      submitLabel={t('forgot.submit')}
      sentMessage={t('forgot.sent')}
      endpoint="/api/v1/organization-name-reminders"
      footer={
        <p>
          <Link href="/login">{t('forgot.back')}</Link>
        </p>
      }
    />
  );
}
