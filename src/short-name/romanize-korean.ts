/**
 * Hangul → Latin by the Revised Romanization of Korean (문화관광부 고시 2000-8), the way a
 * person would spell a company name: by sound, syllable by syllable, with the standard's sound
 * changes between syllables of one word (liaison, nasalization, ㄹ assimilation, ㅎ aspiration,
 * palatalization). As the standard prescribes for nouns, ㅎ after ㄱ, ㄷ, ㅂ stays written
 * (묵호 → mukho) and tensing is not shown. Pure.
 */

const initials = [
  'g',
  'kk',
  'n',
  'd',
  'tt',
  'r',
  'm',
  'b',
  'pp',
  's',
  'ss',
  '',
  'j',
  'jj',
  'ch',
  'k',
  't',
  'p',
  'h',
];
const medials = [
  'a',
  'ae',
  'ya',
  'yae',
  'eo',
  'e',
  'yeo',
  'ye',
  'o',
  'wa',
  'wae',
  'oe',
  'yo',
  'u',
  'wo',
  'we',
  'wi',
  'yu',
  'eu',
  'ui',
  'i',
];

/** Initial consonant indexes used by the rules. */
const I = { g: 0, n: 2, d: 3, r: 5, m: 6, b: 7, s: 9, silent: 11, j: 12, h: 18 } as const;

/**
 * Each final (batchim) as [sound at the end of a syllable, sound class, what moves to a
 * following silent ㅇ (first consonant stays, second moves), or the initial index it becomes].
 * Class: k (ㄱ-like), t (ㄷ-like), p (ㅂ-like), n, l, m, ng, h (ㅎ), none.
 */
type Final = {
  end: string;
  kind: 'none' | 'k' | 't' | 'p' | 'n' | 'l' | 'm' | 'ng' | 'h';
  stay: string;
  move: string;
};
const finals: Final[] = [
  { end: '', kind: 'none', stay: '', move: '' },
  { end: 'k', kind: 'k', stay: '', move: 'g' }, // ㄱ
  { end: 'k', kind: 'k', stay: '', move: 'kk' }, // ㄲ
  { end: 'k', kind: 'k', stay: 'k', move: 's' }, // ㄳ
  { end: 'n', kind: 'n', stay: '', move: 'n' }, // ㄴ
  { end: 'n', kind: 'n', stay: 'n', move: 'j' }, // ㄵ
  { end: 'n', kind: 'n', stay: '', move: 'n' }, // ㄶ (ㅎ falls silent)
  { end: 't', kind: 't', stay: '', move: 'd' }, // ㄷ
  { end: 'l', kind: 'l', stay: '', move: 'r' }, // ㄹ
  { end: 'k', kind: 'k', stay: 'l', move: 'g' }, // ㄺ
  { end: 'm', kind: 'm', stay: 'l', move: 'm' }, // ㄻ
  { end: 'l', kind: 'l', stay: 'l', move: 'b' }, // ㄼ
  { end: 'l', kind: 'l', stay: 'l', move: 's' }, // ㄽ
  { end: 'l', kind: 'l', stay: 'l', move: 't' }, // ㄾ
  { end: 'p', kind: 'p', stay: 'l', move: 'p' }, // ㄿ
  { end: 'l', kind: 'l', stay: '', move: 'r' }, // ㅀ (ㅎ falls silent)
  { end: 'm', kind: 'm', stay: '', move: 'm' }, // ㅁ
  { end: 'p', kind: 'p', stay: '', move: 'b' }, // ㅂ
  { end: 'p', kind: 'p', stay: 'p', move: 's' }, // ㅄ
  { end: 't', kind: 't', stay: '', move: 's' }, // ㅅ
  { end: 't', kind: 't', stay: '', move: 'ss' }, // ㅆ
  { end: 'ng', kind: 'ng', stay: 'ng', move: '' }, // ㅇ (never moves)
  { end: 't', kind: 't', stay: '', move: 'j' }, // ㅈ
  { end: 't', kind: 't', stay: '', move: 'ch' }, // ㅊ
  { end: 'k', kind: 'k', stay: '', move: 'k' }, // ㅋ
  { end: 't', kind: 't', stay: '', move: 't' }, // ㅌ
  { end: 'p', kind: 'p', stay: '', move: 'p' }, // ㅍ
  { end: 't', kind: 'h', stay: '', move: '' }, // ㅎ (silent before a vowel)
];
const finalDigeut = 7;
const finalTieut = 25;
const finalNieun = 4;
const finalRieul = 8;

type Syllable = { initial: number; medial: number; final: number };

function decompose(character: string): Syllable | undefined {
  const code = character.charCodeAt(0) - 0xac00;
  if (code < 0 || code > 11171) return undefined;
  return { initial: Math.floor(code / 588), medial: Math.floor((code % 588) / 28), final: code % 28 };
}

const nasalOf = { k: 'ng', t: 'n', p: 'm' } as const;

/** One run of Hangul syllables (a word) romanized with the sound changes between them. */
function romanizeWord(syllables: Syllable[]): string {
  let out = '';
  // What the previous boundary decided this syllable's initial sounds like (undefined: as written).
  let carried: string | undefined;
  for (let i = 0; i < syllables.length; i++) {
    const s = syllables[i] as Syllable;
    const next = syllables[i + 1];
    out += (carried ?? initials[s.initial] ?? '') + (medials[s.medial] ?? '');
    carried = undefined;
    const f = finals[s.final] as Final;
    if (!next) {
      out += f.end;
      break;
    }
    const [coda, onset] = boundary(s.final, f, next);
    out += coda;
    carried = onset;
  }
  return out;
}

/** The final of one syllable and the initial of the next, as they sound together. */
function boundary(finalIndex: number, f: Final, next: Syllable): [string, string | undefined] {
  const initial = next.initial;
  if (initial === I.silent) {
    // Palatalization: ㄷ, ㅌ before 이 sound ㅈ, ㅊ (굳이 guji, 같이 gachi).
    if (next.medial === 20 && finalIndex === finalDigeut) return ['', 'j'];
    if (next.medial === 20 && finalIndex === finalTieut) return ['', 'ch'];
    return [f.stay, f.move];
  }
  if (f.kind === 'h') {
    // ㅎ with a following ㄱ, ㄷ, ㅈ makes it aspirated (좋고 joko, 놓다 nota, 낳지 nachi).
    if (initial === I.g) return ['', 'k'];
    if (initial === I.d) return ['', 't'];
    if (initial === I.j) return ['', 'ch'];
    if (initial === I.n) return ['n', 'n'];
    if (initial === I.s) return ['', 'ss'];
    return ['t', undefined];
  }
  const nasal = initial === I.n || initial === I.m;
  if (initial === I.r) {
    // ㄹ after ㄴ or ㄹ: ll (신라 silla); after another consonant ㄹ sounds ㄴ, which nasalizes it.
    if (finalIndex === finalNieun || f.kind === 'l') return [f.kind === 'l' ? f.end : 'l', 'l'];
    if (f.kind === 'm' || f.kind === 'ng') return [f.end, 'n'];
    if (f.kind === 'k' || f.kind === 't' || f.kind === 'p') return [nasalOf[f.kind], 'n'];
    return [f.end, undefined];
  }
  if (nasal && (f.kind === 'k' || f.kind === 't' || f.kind === 'p')) {
    // Nasalization before ㄴ, ㅁ (백마 baengma, 입니다 imnida, 꽃눈 kkonnun).
    return [nasalOf[f.kind], undefined];
  }
  if (initial === I.n && f.kind === 'l' && finalIndex === finalRieul) return ['l', 'l']; // 설날 seollal
  return [f.end, undefined];
}

/** Romanizes every run of Hangul syllables in `text`; anything else is left as it is. */
export function romanizeKorean(text: string): string {
  let out = '';
  let word: Syllable[] = [];
  for (const character of text) {
    const syllable = decompose(character);
    if (syllable) {
      word.push(syllable);
      continue;
    }
    if (word.length) out += romanizeWord(word);
    word = [];
    out += character;
  }
  if (word.length) out += romanizeWord(word);
  return out;
}

/** Korean legal-form words, which say what kind of company it is, not which one. */
const koreanLegalForms = /주식회사|유한책임회사|유한회사|합자회사|합명회사|\(\s*주\s*\)|\(\s*유\s*\)|㈜|㈲/g;

/** The name without its Korean legal form (한빛소프트 주식회사 → 한빛소프트), unless nothing would remain. */
export function withoutKoreanLegalForm(company: string): string {
  const stripped = company.replace(koreanLegalForms, ' ');
  return /[\p{L}\p{N}]/u.test(stripped) ? stripped : company;
}
