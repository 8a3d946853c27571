import { useState } from 'react';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n.tsx';

/**
 * How every error reaches a person: what happened, and for support the Organization ID (when
 * known) and the error reference, with one-click "Copy details".
 */
export function ErrorPanel({
  error,
  organizationId,
  title,
  children,
}: {
  error: unknown;
  organizationId?: string | undefined;
  title?: string;
  children?: React.ReactNode;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const apiError = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const details = [
    `${t('common.errorTitle')}: ${message}`,
    apiError ? `Code: ${apiError.code}` : undefined,
    organizationId ? `${t('common.organizationId')}: ${organizationId}` : undefined,
    apiError?.reference ? `${t('common.reference')}: ${apiError.reference}` : undefined,
    `URL: ${window.location.href}`,
    `Time: ${new Date().toISOString()}`,
  ]
    .filter(Boolean)
    .join('\n');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(details);
    } catch {
      // Clipboard blocked (insecure origin): fall back to a selection the user can copy.
      window.prompt(t('common.copyDetails'), details);
    }
    setCopied(true);
  };
  return (
    <section className="error-panel" role="alert" aria-live="assertive">
      <h2>{title ?? t('common.errorTitle')}</h2>
      <p>{message}</p>
      {children}
      <dl className="support-facts">
        {organizationId && (
          <>
            <dt>{t('common.organizationId')}</dt>
            <dd>
              <code>{organizationId}</code>
            </dd>
          </>
        )}
        {apiError?.reference && (
          <>
            <dt>{t('common.reference')}</dt>
            <dd>
              <code data-testid="error-reference">{apiError.reference}</code>
            </dd>
          </>
        )}
      </dl>
      <button type="button" className="secondary" onClick={copy}>
        {copied ? t('common.copied') : t('common.copyDetails')}
      </button>
    </section>
  );
}
