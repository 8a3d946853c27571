import { useState } from 'react';
import { useI18n } from '../i18n.tsx';

/** A secret shown once, with a copy button and the reminder that it will not be shown again. */
export function SecretPanel({ title, secret, note }: { title: string; secret: string; note?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      window.prompt(title, secret);
    }
  };
  return (
    <section className="notice-panel secret-panel" aria-label={title}>
      <h2>{title}</h2>
      <p>{note ?? t('webhooks.secretOnce')}</p>
      <p>
        <code className="secret" data-testid="webhook-secret">
          {secret}
        </code>{' '}
        <button type="button" className="secondary" onClick={copy}>
          {copied ? t('common.copied') : t('webhooks.copy')}
        </button>
      </p>
    </section>
  );
}
