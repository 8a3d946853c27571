import { featureName } from '../../../../src/catalog/products.ts';
import { formatDateTime, useI18n, useLabel } from '../../i18n.tsx';

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An audit event's data as a short list a person reads, not JSON. */
export function AuditDetails({ data, timeZone }: { data: Record<string, unknown>; timeZone: string }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const entries = Object.entries(data).filter(([, value]) => value !== null && value !== undefined);
  if (entries.length === 0) return null;
  const show = (value: unknown, key: string): string => {
    if (key === 'features' && Array.isArray(value)) {
      return value.map((feature) => featureName(String(feature))[locale]).join(', ');
    }
    if (typeof value === 'boolean') return value ? t('label.yes') : t('label.no');
    if (typeof value === 'string' && isoDate.test(value)) return formatDateTime(locale, value, timeZone);
    if (Array.isArray(value))
      return value.length ? value.map((v) => show(v, '')).join(', ') : t('label.none');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
  return (
    <dl className="audit-details">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{label(`label.auditField.${key}`, key)}</dt>
          <dd>{show(value, key)}</dd>
        </div>
      ))}
    </dl>
  );
}
