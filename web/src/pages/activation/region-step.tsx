import { type FormEvent, useState } from 'react';
import type { Region } from '../../api-types.ts';
import { useI18n } from '../../i18n.tsx';

/** SPEC step 4: the region where the organization's data lives; it cannot change later. */
export function RegionStep({
  regions,
  value,
  onSubmit,
}: {
  regions: Region[];
  value: string;
  onSubmit(region: string): void;
}) {
  const { t, locale } = useI18n();
  const [region, setRegion] = useState(value);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!region) {
      setError(t('activate.region.required'));
      return;
    }
    onSubmit(region);
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>{t('activate.region.intro')}</p>
      <fieldset className={error ? 'field has-error' : 'field'} aria-describedby="region-warning">
        <legend>{t('activate.region.label')}</legend>
        <div className="region-list">
          {regions.map((r) => (
            <label key={r.code} className={region === r.code ? 'region-option selected' : 'region-option'}>
              <input
                type="radio"
                name="region"
                value={r.code}
                checked={region === r.code}
                onChange={() => {
                  setRegion(r.code);
                  setError(undefined);
                }}
              />
              <span>
                <strong>{r.name[locale]}</strong>
                <span className="muted"> {r.code}</span>
              </span>
            </label>
          ))}
        </div>
        {error ? <div className="field-error">{error}</div> : null}
      </fieldset>
      <p id="region-warning" className="warning">
        {t('activate.region.warning')}
      </p>
      <div className="wizard-actions">
        <button type="submit">{t('activate.region.submit')}</button>
      </div>
    </form>
  );
}
