import { useState } from 'react';
import { customerApi } from '../api.ts';
import type { MailboxMessage } from '../api-types.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { Layout } from '../components/layout.tsx';
import { useDeployment } from '../deployment.ts';
import { formatDateTime, useI18n } from '../i18n.tsx';
import { useAsync } from '../use-async.ts';
import { NotFound } from './home.tsx';

/** The embedded default's local mailbox: what would have been sent by email. */
export function Mailbox() {
  const deployment = useDeployment();
  if (deployment && !deployment.mailbox) return <NotFound />;
  return <MailboxPage />;
}

function MailboxPage() {
  const { t, locale } = useI18n();
  const mail = useAsync(() => customerApi<MailboxMessage[]>('GET', '/api/v1/dev/mailbox'), []);
  const [openId, setOpenId] = useState<number>();
  const [view, setView] = useState<'html' | 'text'>('html');
  const open = mail.data?.find((m) => m.id === openId) ?? mail.data?.[0];

  return (
    <Layout wide>
      <div className="page-heading">
        <h1>{t('mailbox.title')}</h1>
        <button type="button" className="secondary" onClick={mail.reload}>
          {t('mailbox.refresh')}
        </button>
      </div>
      <p>{t('mailbox.intro')}</p>
      {mail.error ? <ErrorPanel error={mail.error} /> : null}
      {mail.data && mail.data.length === 0 ? <p className="empty">{t('mailbox.empty')}</p> : null}
      {mail.data && mail.data.length > 0 ? (
        <div className="mailbox">
          <ul className="mail-list" aria-label={t('mailbox.title')}>
            {mail.data.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  className={m.id === open?.id ? 'mail-item selected' : 'mail-item'}
                  aria-pressed={m.id === open?.id}
                  onClick={() => setOpenId(m.id)}
                >
                  <strong>{m.subject}</strong>
                  <span>{m.to}</span>
                  <span className="muted">{formatDateTime(locale, m.sentAt)}</span>
                </button>
              </li>
            ))}
          </ul>
          {open ? (
            <article className="mail-view" aria-label={open.subject}>
              <h2>{open.subject}</h2>
              <p className="muted">
                {t('mailbox.col.to')}: {open.to} · {formatDateTime(locale, open.sentAt)}
              </p>
              <fieldset className="radio-row plain-fieldset">
                <legend className="visually-hidden">Format</legend>
                <button
                  type="button"
                  className={view === 'html' ? '' : 'secondary'}
                  aria-pressed={view === 'html'}
                  onClick={() => setView('html')}
                >
                  {t('mailbox.showHtml')}
                </button>
                <button
                  type="button"
                  className={view === 'text' ? '' : 'secondary'}
                  aria-pressed={view === 'text'}
                  onClick={() => setView('text')}
                >
                  {t('mailbox.showText')}
                </button>
              </fieldset>
              {view === 'html' ? (
                // Sandboxed: the message renders, but nothing in it can run script or reach this page.
                <iframe
                  title={open.subject}
                  className="mail-html"
                  sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
                  srcDoc={open.html.replace('<head>', '<head><base target="_top">')}
                />
              ) : (
                <pre className="mail-text" data-testid="mail-text">
                  {open.text}
                </pre>
              )}
            </article>
          ) : null}
        </div>
      ) : null}
    </Layout>
  );
}
