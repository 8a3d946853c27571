import { EmailRequestPage } from '../components/email-request-page.tsx';
import { useI18n } from '../i18n.tsx';

/** "I lost the activation email": the answer never says whether the address is known. */
export function ActivationRequest() {
  const { t } = useI18n();
  return (
    <EmailRequestPage
      title={t('activationRequest.title')}
      intro={t('activationRequest.intro')}
      emailLabel={t('activationRequest.email')}
      submitLabel={t('activationRequest.submit')}
      sentMessage={t('activationRequest.sent')}
      endpoint="/api/v1/activation-email-requests"
      footer={<p className="muted">{t('activationRequest.noSubscription')}</p>}
    />
  );
}
