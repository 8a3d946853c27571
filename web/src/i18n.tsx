import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  isLocale,
  type Locale,
  type MessageKey,
  type MessageParams,
  translate,
} from '../../src/i18n/index.ts';

type Translate = (key: MessageKey, params?: MessageParams) => string;

type I18n = { locale: Locale; setLocale(locale: Locale): void; t: Translate };

const storageKey = 'onramp.locale';
const I18nContext = createContext<I18n | undefined>(undefined);

function initialLocale(): Locale {
  const stored = window.localStorage.getItem(storageKey);
  if (isLocale(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The UI language: remembered in this browser, Korean or English, from the shared catalog. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    window.localStorage.setItem(storageKey, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function formatDateTime(locale: Locale, value: string | Date): string {
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value));
}

export function formatDate(locale: Locale, value: string | Date): string {
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', { dateStyle: 'long' }).format(
    new Date(value),
  );
}
