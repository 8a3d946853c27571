import { type EmailBlock, type RenderedEmail, renderEmail } from '../email/layout.ts';
import { type Locale, translator } from '../i18n/index.ts';

type Data = {
  adminName: string;
  organizationName: string;
  organizationId: string;
  shortName: string;
  regionName: string;
  loginUrl: string;
  supportEmail: string;
};

/** "Thank you for activating Onramp features": sent first, when the CX specialist signs off. */
export function renderThankYouEmail(locale: Locale, data: Data): RenderedEmail {
  const t = translator(locale);
  return renderEmail(locale, t('email.thankYou.subject'), [
    { kind: 'paragraph', text: t('email.thankYou.greeting', { name: data.adminName }) },
    { kind: 'paragraph', text: t('email.thankYou.body', { organization: data.organizationName }) },
    { kind: 'paragraph', text: t('email.thankYou.next') },
  ]);
}

/**
 * "Welcome to Onramp": confirms activation and carries the important links: the region's
 * sign-in address, the Organization ID and short name, getting started, inviting people, support.
 */
export function renderWelcomeEmail(locale: Locale, data: Data): RenderedEmail {
  const t = translator(locale);
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: t('email.welcome.greeting', { name: data.adminName }) },
    { kind: 'paragraph', text: t('email.welcome.intro', { organization: data.organizationName }) },
    {
      kind: 'facts',
      rows: [
        [t('email.welcome.facts.loginUrl'), data.loginUrl],
        [t('email.welcome.facts.organizationId'), data.organizationId],
        [t('email.welcome.facts.shortName'), data.shortName],
        [t('email.welcome.facts.region'), data.regionName],
      ],
    },
    { kind: 'button', label: t('email.welcome.signIn'), url: data.loginUrl },
    { kind: 'heading', text: t('email.welcome.gettingStartedTitle') },
    {
      kind: 'paragraph',
      text: t('email.welcome.gettingStarted', { loginUrl: data.loginUrl, shortName: data.shortName }),
    },
    { kind: 'heading', text: t('email.welcome.inviteTitle') },
    { kind: 'paragraph', text: t('email.welcome.invite') },
    { kind: 'heading', text: t('email.welcome.supportTitle') },
    {
      kind: 'paragraph',
      text: t('email.welcome.support', {
        supportEmail: data.supportEmail,
        organizationId: data.organizationId,
      }),
    },
  ];
  return renderEmail(locale, t('email.welcome.subject'), blocks);
}
