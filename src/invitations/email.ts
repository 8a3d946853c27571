import { type RenderedEmail, renderEmail } from '../email/layout.ts';
import { type Locale, translator } from '../i18n/index.ts';

type InvitationEmailData = {
  inviterName: string;
  inviterEmail: string;
  organizationName: string;
  shortName: string;
  role: 'admin' | 'user';
  url: string;
  expiresAt: Date;
  /** The organization's region's zone: the expiry is said in it. */
  timeZone: string;
};

export function renderInvitationEmail(locale: Locale, data: InvitationEmailData): RenderedEmail {
  const t = translator(locale);
  return renderEmail(
    locale,
    t('email.invitation.subject', { inviter: data.inviterName, organization: data.organizationName }),
    [
      { kind: 'paragraph', text: t('email.invitation.greeting') },
      {
        kind: 'paragraph',
        text: t('email.invitation.intro', {
          inviter: data.inviterName,
          inviterEmail: data.inviterEmail,
          organization: data.organizationName,
          role: t(`email.invitation.role.${data.role}`),
        }),
      },
      {
        kind: 'facts',
        rows: [
          [t('email.invitation.facts.organization'), data.organizationName],
          [t('email.invitation.facts.shortName'), data.shortName],
        ],
      },
      { kind: 'button', label: t('email.invitation.button'), url: data.url },
      {
        kind: 'paragraph',
        text: t('email.invitation.expiry', { date: data.expiresAt, timeZone: data.timeZone }),
      },
      { kind: 'small', text: t('email.invitation.help', { inviter: data.inviterName }) },
    ],
  );
}
