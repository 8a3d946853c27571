import { locales } from '../../../src/i18n/index.ts';
import { useI18n } from '../i18n.tsx';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('common.language')}</span>
      <select
        value={locale}
        onChange={(event) => setLocale(event.target.value as typeof locale)}
        aria-label={t('common.language')}
      >
        {locales.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`common.locale.${code}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
