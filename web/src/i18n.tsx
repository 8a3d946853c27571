import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  isLocale,
  type Locale,
  type MessageKey,
  type MessageParams,
  translate,
  translateIfKnown,
} from '../../src/i18n/index.ts';

export { formatDate, formatDateTime, personName } from '../../src/i18n/index.ts';

/** Which name a form asks for first: Korean asks the family name (성) first. */
export function nameFieldOrder(locale: Locale): ('firstName' | 'lastName')[] {
  return locale === 'ko' ? ['lastName', 'firstName'] : ['firstName', 'lastName'];
}

type Translate = (key: MessageKey, params?: MessageParams) => string;

type I18n = { locale: Locale; setLocale(locale: Locale): void; t: Translate };

const storageKey = 'onramp.locale';
const I18nContext = createContext<I18n | undefined>(undefined);

function initialLocale(): Locale {
  const stored = window.localStorage.getItem(storageKey);
  const locale = isLocale(stored) ? stored : navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
  // Set before any component fetches: the API client sends this as Accept-Language, and
  // children's effects run before this provider's own.
  document.documentElement.lang = locale;
  return locale;
}

/** The UI language: remembered in this browser, Korean or English, from the shared catalog. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    window.localStorage.setItem(storageKey, next);
    document.documentElement.lang = next;
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

/**
 * Labels for keys built from data (`label.audit.${action}`): the written phrase, or the code
 * itself when the catalog has none (a connector's own step, an action added later).
 */
export function useLabel(): (key: string, fallback: string, params?: MessageParams) => string {
  const { locale } = useI18n();
  return (key, fallback, params) => translateIfKnown(locale, key, params) ?? fallback;
}
