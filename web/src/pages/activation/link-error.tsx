import type { ApiError } from '../../api.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';

type LinkCode =
  | 'ACTIVATION_LINK_INVALID'
  | 'ACTIVATION_LINK_EXPIRED'
  | 'ACTIVATION_LINK_REPLACED'
  | 'ACTIVATION_LINK_CANCELLED';

export const linkErrorCodes: readonly string[] = [
  'ACTIVATION_LINK_INVALID',
  'ACTIVATION_LINK_EXPIRED',
  'ACTIVATION_LINK_REPLACED',
  'ACTIVATION_LINK_CANCELLED',
];

/** Each unusable link gets its own page and the way forward: a new email, or the sales rep. */
export function LinkErrorPage({ error }: { error: ApiError }) {
  const { t } = useI18n();
  const code = error.code as LinkCode;
  return (
    <div className="narrow">
      <h1>{t(`activate.error.${code}.title`)}</h1>
      <ErrorPanel error={error} title={t(`activate.error.${code}.title`)}>
        {code === 'ACTIVATION_LINK_CANCELLED' ? (
          <p>{t('activate.error.contactSales')}</p>
        ) : (
          <p>
            <Link href="/activate" className="button">
              {t('activate.error.requestNew')}
            </Link>
          </p>
        )}
      </ErrorPanel>
      {code !== 'ACTIVATION_LINK_CANCELLED' ? (
        <p className="muted">{t('activate.error.contactSales')}</p>
      ) : null}
    </div>
  );
}
