import anyAscii from 'any-ascii';
import { isReservedShortName } from './reserved.ts';
import { romanizeKorean, withoutKoreanLegalForm } from './romanize-korean.ts';

/** SPEC "Short name": 1 to 63 characters of a-z, 0-9 and -, with at least one letter or digit. */
const shortNameMaxLength = 63;

/** What a derivation falls back to when a company name has no letter or digit at all. */
const fallbackShortName = 'org';

/**
 * Derives the short name from a company name (SPEC "Short name", rules 1–3): letters and digits
 * outside ASCII are transliterated (`Müller` → `muller`, `삼성전자` → `samseongjeonja`), other
 * symbols such as emoji are dropped, everything becomes lowercase, and every character but
 * `a-z`, `0-9` and `-` is removed. A result longer than 63 characters is cut. Pure.
 *
 * Korean is spelled as Koreans spell it in Latin letters, by the Revised Romanization
 * (한빛소프트 → hanbitsopeuteu, not letter by letter), after dropping the legal form
 * (주식회사, (주), ㈜, 유한회사), which every Korean company has and none is known by.
 */
export function deriveShortName(company: string): string {
  let ascii = '';
  for (const character of romanizeKorean(withoutKoreanLegalForm(company.normalize('NFC')))) {
    if (character.charCodeAt(0) < 128) ascii += character;
    // Only letters and digits are transliterated: an emoji is not a word to spell out.
    else if (/[\p{L}\p{N}]/u.test(character)) ascii += anyAscii(character);
  }
  const name = ascii
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, shortNameMaxLength);
  return /[a-z0-9]/.test(name) ? name : fallbackShortName;
}

/**
 * The n-th candidate for a base name: `name`, then `name1`, `name2`, … (SPEC rule 4), with the
 * base cut so the number still fits in 63 characters.
 */
export function shortNameCandidate(base: string, n: number): string {
  if (n === 0) return base.slice(0, shortNameMaxLength);
  const suffix = String(n);
  return base.slice(0, shortNameMaxLength - suffix.length) + suffix;
}

export type ShortNameRule = 'required' | 'tooLong' | 'characters' | 'letterOrDigit' | 'reserved';

/** A short name someone typed, normalized the forgiving way: trimmed and lowercased. */
export function normalizeTypedShortName(typed: string): string {
  return typed.trim().toLowerCase();
}

/** The rule a short name breaks, or undefined when it is acceptable. */
export function checkShortName(name: string): ShortNameRule | undefined {
  if (name.length === 0) return 'required';
  if (name.length > shortNameMaxLength) return 'tooLong';
  if (!/^[a-z0-9-]+$/.test(name)) return 'characters';
  if (!/[a-z0-9]/.test(name)) return 'letterOrDigit';
  if (isReservedShortName(name)) return 'reserved';
  return undefined;
}

export const shortNameRuleMessages: Record<ShortNameRule, string> = {
  required: 'is required',
  tooLong: `must be at most ${shortNameMaxLength} characters`,
  characters: 'may contain only a-z, 0-9 and -',
  letterOrDigit: 'must contain at least one letter or digit',
  reserved: 'is reserved by the platform',
};
