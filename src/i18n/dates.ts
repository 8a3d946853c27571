/**
 * The one date style of each language, for the server's messages and the web app alike:
 * "December 1, 2026 at 3:04 PM GMT+9" and "2026년 12월 1일 오후 3:04 GMT+9". A time always names
 * its zone: the organization's region's when known, otherwise the reader's (web) or UTC (email).
 */
type Locale = 'en' | 'ko';

const tag = (locale: Locale) => (locale === 'ko' ? 'ko-KR' : 'en-US');

export function formatDateTime(locale: Locale, value: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(tag(locale), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(value));
}

export function formatDate(locale: Locale, value: string | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(tag(locale), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(value));
}
