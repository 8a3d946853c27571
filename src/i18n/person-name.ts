/** The catalog's languages (index.ts re-exports this module, so the type is spelled here). */
type Locale = 'en' | 'ko';

const hangul = /^[\p{Script=Hangul}\s]+$/u;

/**
 * A person's full name in the order of the language: Korean puts the family name first
 * (김민준, Smith John), English the given name (John Smith). A name written in Hangul is
 * family-first in either language, and its two parts are written together as Koreans write
 * them. Pure.
 */
export function personName(locale: Locale, person: { firstName: string; lastName: string }): string {
  const first = person.firstName.trim();
  const last = person.lastName.trim();
  if (!first || !last) return first || last;
  if (hangul.test(first) && hangul.test(last)) return `${last}${first}`;
  return locale === 'ko' ? `${last} ${first}` : `${first} ${last}`;
}
