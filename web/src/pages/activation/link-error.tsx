import type { ApiError } from '../../api.ts';
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

/**
 * Each unusable link gets its own page and the way forward: a new email, or the sales rep. An
 * old link is an everyday situation, so it is said calmly, without an error reference.
 */
export function LinkErrorPage({ error }: { error: ApiError }) {
  const { t } = useI18n();
  const code = error.code as LinkCode;
  return (
    <div className="narrow">
      <h1>{t(`activate.error.${code}.title`)}</h1>
      <p className="form-problem" role="alert">
        {error.message}
      </p>
      {code === 'ACTIVATION_LINK_CANCELLED' ? null : (
        <p>
          <Link href="/activate" className="button">
            {t('activate.error.requestNew')}
          </Link>
        </p>
      )}
      <p className="muted">{t('activate.error.contactSales')}</p>
    </div>
  );
}
