/** The catalog's languages (index.ts re-exports this module, so the type is spelled here). */
type Locale = 'en' | 'ko';

const hangul = /^[\p{Script=Hangul}\s]+$/u;
const eastAsian = /^[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\s]+$/u;

/**
 * A person's full name as the reader's language writes it. Korean names put the family name
 * first and write both parts together (김민준), in a Korean or an English page alike; other
 * East Asian names put it first too (山田 太郎). Western names keep the given name first, as
 * Korean writes them as well (John Smith, 존 스미스). `locale` is the page's language. Pure.
 */
export function personName(_locale: Locale, person: { firstName: string; lastName: string }): string {
  const first = person.firstName.trim();
  const last = person.lastName.trim();
  if (!first || !last) return first || last;
  if (hangul.test(first) && hangul.test(last)) return `${last}${first}`;
  if (eastAsian.test(first) && eastAsian.test(last)) return `${last} ${first}`;
  return `${first} ${last}`;
}
