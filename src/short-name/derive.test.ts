import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkShortName,
  deriveShortName,
  normalizeTypedShortName,
  type ShortNameRule,
  shortNameCandidate,
} from './derive.ts';
import { reservedShortNames } from './reserved.ts';

const long = 'International Business Machines Corporation of the Greater Metropolitan Area';

const derivations: [company: string, shortName: string][] = [
  // The help article's rules: lowercase, no spaces or special characters, dashes stay.
  ['Acme Corp', 'acmecorp'],
  ['ACME', 'acme'],
  ['Acme, Inc.', 'acmeinc'],
  ['Acme-Corp', 'acme-corp'],
  ['Acme - Corp', 'acme-corp'],
  ['Acme_Corp', 'acmecorp'],
  ['AT&T', 'att'],
  ['Yahoo!', 'yahoo'],
  ['O’Reilly Media', 'oreillymedia'],
  ["McDonald's", 'mcdonalds'],
  ['3M', '3m'],
  ['7-Eleven', '7-eleven'],
  ['123', '123'],
  ['  spaced   out  ', 'spacedout'],
  ['tab\tand\nnewline', 'tabandnewline'],
  ['a.b/c\\d@e#f$g%h^i*j(k)l+m=n', 'abcdefghijklmn'],
  ['--', 'org'],
  ['-a-', '-a-'],
  // Accents and other Latin letters.
  ['Müller & Söhne', 'mullersohne'],
  ['Crème Brûlée', 'cremebrulee'],
  ['Zürich Versicherung', 'zurichversicherung'],
  ['Straße', 'strasse'],
  ['Ærø', 'aero'],
  ['Œuvre', 'oeuvre'],
  ['Łódź', 'lodz'],
  ['Việt Nam', 'vietnam'],
  ['İstanbul', 'istanbul'],
  ['Señor Café', 'senorcafe'],
  // Decomposed accents (NFD) give the same name as composed ones.
  ['Mu\u0308ller', 'muller'],
  // Other scripts.
  ['삼성전자', 'samseongjeonja'],
  ['한빛소프트', 'hanbitsopeuteu'],
  ['한빛소프트 주식회사', 'hanbitsopeuteu'],
  ['(주)한빛', 'hanbit'],
  ['㈜카카오', 'kakao'],
  ['주식회사', 'jusikhoesa'],
  ['종로서적', 'jongnoseojeok'],
  ['LG 전자', 'lgjeonja'],
  ['ソニー株式会社', 'sonizhushihuishe'],
  ['トヨタ', 'toyota'],
  ['東京電力', 'dongjingdianli'],
  ['Москва', 'moskva'],
  ['Ελληνικά', 'ellinika'],
  ['ＡＢＣ１２３', 'abc123'],
  // Emoji and symbols are dropped, not spelled out.
  ['🚀 Rocket', 'rocket'],
  ['Rocket 🚀🚀 Labs', 'rocketlabs'],
  ['👍', 'org'],
  ['™®©', 'org'],
  ['', 'org'],
  ['   ', 'org'],
  ['!!!', 'org'],
  // Long names are cut to 63.
  [long, long.toLowerCase().replace(/ /g, '').slice(0, 63)],
  ['x'.repeat(200), 'x'.repeat(63)],
  // Reserved words are derived like any other; allocation then skips them.
  ['Admin', 'admin'],
  ['API', 'api'],
];

for (const [company, expected] of derivations) {
  test(`derives ${JSON.stringify(company.length > 40 ? `${company.slice(0, 40)}…` : company)} → ${expected.length > 30 ? `${expected.slice(0, 30)}…` : expected}`, () => {
    const derived = deriveShortName(company);
    assert.equal(derived, expected);
    assert.ok(derived.length >= 1 && derived.length <= 63);
    assert.match(derived, /^[a-z0-9-]+$/);
  });
}

test('candidates append the first free number and keep room for it', () => {
  assert.equal(shortNameCandidate('acme', 0), 'acme');
  assert.equal(shortNameCandidate('acme', 1), 'acme1');
  assert.equal(shortNameCandidate('acme', 12), 'acme12');
  const base = 'x'.repeat(63);
  assert.equal(shortNameCandidate(base, 0), base);
  assert.equal(shortNameCandidate(base, 1), `${'x'.repeat(62)}1`);
  assert.equal(shortNameCandidate(base, 100), `${'x'.repeat(60)}100`);
  assert.equal(shortNameCandidate(base, 100).length, 63);
});

const checks: [string, ShortNameRule | undefined][] = [
  ['acme', undefined],
  ['a', undefined],
  ['7', undefined],
  ['acme-corp-2', undefined],
  ['x'.repeat(63), undefined],
  ['', 'required'],
  ['x'.repeat(64), 'tooLong'],
  ['Acme', 'characters'],
  ['acme corp', 'characters'],
  ['acme_corp', 'characters'],
  ['müller', 'characters'],
  ['---', 'letterOrDigit'],
  ['admin', 'reserved'],
  ['www', 'reserved'],
  ['login', 'reserved'],
  ['support', 'reserved'],
  ['api', 'reserved'],
];

for (const [name, rule] of checks) {
  test(`checks ${JSON.stringify(name.length > 20 ? `${name.slice(0, 10)}…(${name.length})` : name)}: ${rule ?? 'ok'}`, () => {
    assert.equal(checkShortName(name), rule);
  });
}

test('typed names are trimmed and lowercased before the check', () => {
  assert.equal(normalizeTypedShortName('  AcmeCorp '), 'acmecorp');
  assert.equal(checkShortName(normalizeTypedShortName('ACME')), undefined);
});

test('every reserved name is itself a valid-looking short name', () => {
  for (const name of reservedShortNames) assert.match(name, /^[a-z0-9-]{1,63}$/);
});
