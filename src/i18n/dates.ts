/**
 * The one date style of each language, for the server's messages and the web app alike:
 * "December 1, 2026 at 3:04 PM GMT+9" and "2026년 12월 1일 오후 3:04 GMT+9". A time always names
 * its zone: the organization's region's when known, otherwise the reader's (web) or UTC (email).
 */
type Locale = 'en' | 'ko';

const tag = (locale: Locale) => (locale === 'ko' ? 'ko-KR' : 'en-US');

/** Formats by key, made once each: building one costs far more than using it. */
const formats = new Map<string, Intl.DateTimeFormat>();

function madeOnce(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let made = formats.get(key);
  if (!made) {
    made = make();
    // Zones are a few hundred at most; the cap only guards against nonsense input.
    if (formats.size < 1000) formats.set(key, made);
  }
  return made;
}

function format(locale: Locale, style: 'date' | 'dateTime', timeZone: string | undefined) {
  return madeOnce(
    `${locale} ${style} ${timeZone ?? ''}`,
    () =>
      new Intl.DateTimeFormat(tag(locale), {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        ...(style === 'dateTime' ? { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } : {}),
        ...(timeZone ? { timeZone } : {}),
      }),
  );
}

/** The calendar date of `at` in `timeZone` as YYYY-MM-DD, as a `date` column stores it. */
export function calendarDate(at: Date, timeZone: string): string {
  return madeOnce(
    `iso ${timeZone}`,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(at);
}

export function formatDateTime(locale: Locale, value: string | Date, timeZone?: string): string {
  return format(locale, 'dateTime', timeZone).format(new Date(value));
}

export function formatDate(locale: Locale, value: string | Date, timeZone?: string): string {
  return format(locale, 'date', timeZone).format(new Date(value));
}
