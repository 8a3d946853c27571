import { formatDateTime } from './dates.ts';
import { enActivation } from './en-activation.ts';
import { enConsole } from './en-console.ts';
import { enCustomer } from './en-customer.ts';
import { enEmail } from './en-email.ts';
import { enErrors } from './en-errors.ts';
import { enLabels } from './en-labels.ts';
import { enPublic } from './en-public.ts';
import { enSupport } from './en-support.ts';
import { enTokens } from './en-tokens.ts';
import { enWebhooks } from './en-webhooks.ts';
import { koActivation } from './ko-activation.ts';
import { koConsole } from './ko-console.ts';
import { koCustomer } from './ko-customer.ts';
import { koEmail } from './ko-email.ts';
import { koErrors } from './ko-errors.ts';
import { koLabels } from './ko-labels.ts';
import { koPublic } from './ko-public.ts';
import { koSupport } from './ko-support.ts';
import { koTokens } from './ko-tokens.ts';
import { koWebhooks } from './ko-webhooks.ts';
import { isParticle, particleFor } from './particles.ts';

export { formatDate, formatDateTime } from './dates.ts';
export { personName } from './person-name.ts';

/**
 * One typed catalog for the API's messages, the React UI and the email templates. English is
 * the shape: every other language must satisfy it, so a missing phrase is a compile error.
 */
const en = {
  ...enConsole,
  ...enSupport,
  ...enPublic,
  ...enActivation,
  ...enCustomer,
  ...enErrors,
  ...enEmail,
  ...enWebhooks,
  ...enTokens,
  ...enLabels,
};
export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, string>;

const ko = {
  ...koConsole,
  ...koSupport,
  ...koPublic,
  ...koActivation,
  ...koCustomer,
  ...koErrors,
  ...koEmail,
  ...koWebhooks,
  ...koTokens,
  ...koLabels,
} satisfies Messages;

export const locales = ['en', 'ko'] as const;
export type Locale = (typeof locales)[number];
const catalogs: Record<Locale, Messages> = { en, ko };

/** Dates are formatted for the message's language. */
export type MessageParams = Record<string, string | number | Date>;

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ko';
}

/** The phrase for `key` in `locale`, with `{name}` (and `{name:을}`) placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[locale][key] ?? en[key];
  return template.replace(/\{(\w+)(?::([가-힣]+))?\}/g, (whole, name: string, particle?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    // Dates in the zone the message gives (`timeZone`: the organization's region), else UTC.
    const zone = typeof params.timeZone === 'string' ? params.timeZone : 'UTC';
    const text = value instanceof Date ? formatDateTime(locale, value, zone) : String(value);
    // `{name:을}`: the Korean particle is chosen from the value, never written as 을(를).
    return particle && isParticle(particle) ? text + particleFor(text, particle) : text;
  });
}

/** `translate` bound to one language: what every email template and message builder uses. */
export function translator(locale: Locale): (key: MessageKey, params?: MessageParams) => string {
  return (key, params) => translate(locale, key, params);
}

/** The phrase for a key built from data (a state, an audit action), or undefined when none is written. */
export function translateIfKnown(
  locale: Locale,
  key: string,
  params: MessageParams = {},
): string | undefined {
  return key in en ? translate(locale, key as MessageKey, params) : undefined;
}

/** Picks the best supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}
