import assert from 'node:assert/strict';
import { test } from 'node:test';
import { romanizeKorean, withoutKoreanLegalForm } from './romanize-korean.ts';

/** Examples of the Revised Romanization of Korean and its official guide. */
const cases: [string, string][] = [
  // Syllable by syllable.
  ['삼성', 'samseong'],
  ['카카오', 'kakao'],
  ['네이버', 'neibeo'],
  ['울산', 'ulsan'],
  ['라면', 'ramyeon'],
  ['현대자동차', 'hyeondaejadongcha'],
  // Final consonants are written by their sound (빛 bit, 부엌 bueok, 앞 ap).
  ['한빛소프트', 'hanbitsopeuteu'],
  ['한빛', 'hanbit'],
  ['부엌', 'bueok'],
  ['밖', 'bak'],
  ['닭', 'dak'],
  // Liaison: a final moves onto a following silent ㅇ.
  ['한국어', 'hangugeo'],
  ['읽어', 'ilgeo'],
  ['없어', 'eopseo'],
  ['좋아', 'joa'],
  ['영어', 'yeongeo'],
  // Nasalization.
  ['백마', 'baengma'],
  ['입니다', 'imnida'],
  ['독립문', 'dongnimmun'],
  // ㄹ assimilation.
  ['종로', 'jongno'],
  ['왕십리', 'wangsimni'],
  ['신라', 'silla'],
  ['설날', 'seollal'],
  ['별내', 'byeollae'],
  ['선릉', 'seolleung'],
  // Palatalization.
  ['같이', 'gachi'],
  ['굳이', 'guji'],
  // ㅎ: aspirates a following ㄱ, ㄷ, ㅈ; after ㄱ, ㄷ, ㅂ in nouns it stays written.
  ['좋고', 'joko'],
  ['놓다', 'nota'],
  ['묵호', 'mukho'],
  ['집현전', 'jiphyeonjeon'],
  ['주식회사', 'jusikhoesa'],
  // Words are romanized on their own; other text is left alone.
  ['한빛 소프트', 'hanbit sopeuteu'],
  ['LG전자', 'LGjeonja'],
  ['Müller 한빛', 'Müller hanbit'],
  ['', ''],
];

for (const [hangul, latin] of cases) {
  test(`Revised Romanization: ${hangul || '(empty)'} → ${latin || '(empty)'}`, () => {
    assert.equal(romanizeKorean(hangul), latin);
  });
}

const legalForms: [string, string][] = [
  ['한빛소프트 주식회사', '한빛소프트'],
  ['주식회사 한빛소프트', '한빛소프트'],
  ['한빛소프트주식회사', '한빛소프트'],
  ['(주)한빛', '한빛'],
  ['( 주 ) 한빛', '한빛'],
  ['㈜카카오', '카카오'],
  ['한빛 유한회사', '한빛'],
  ['한빛 유한책임회사', '한빛'],
  ['주식회사', '주식회사'],
  ['(주)', '(주)'],
  ['Acme Inc.', 'Acme Inc.'],
];

for (const [company, kept] of legalForms) {
  test(`legal form dropped: ${company} → ${kept}`, () => {
    assert.equal(withoutKoreanLegalForm(company).trim(), kept);
  });
}
