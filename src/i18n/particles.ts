/**
 * Korean particles chosen from the word they follow: 은/는, 이/가, 을/를, 와/과, 으로/로. A
 * template writes `{name:을}` (either form) and the code picks by the final sound of the value.
 */
const forms = {
  은: ['은', '는'],
  는: ['은', '는'],
  이: ['이', '가'],
  가: ['이', '가'],
  을: ['을', '를'],
  를: ['을', '를'],
  과: ['과', '와'],
  와: ['과', '와'],
  으로: ['으로', '로'],
  로: ['으로', '로'],
} as const satisfies Record<string, readonly [afterConsonant: string, afterVowel: string]>;

export type Particle = keyof typeof forms;

export function isParticle(value: string): value is Particle {
  return Object.hasOwn(forms, value);
}

type FinalSound = 'vowel' | 'rieul' | 'consonant';

/** Latin letters and digits as Korean reads them aloud (엘, 엠, 엔, 알; 영, 일, 삼, 육, 칠, 팔). */
const spokenFinal: Record<string, FinalSound> = {
  l: 'rieul',
  r: 'rieul',
  m: 'consonant',
  n: 'consonant',
  '0': 'consonant',
  '1': 'rieul',
  '3': 'consonant',
  '6': 'consonant',
  '7': 'rieul',
  '8': 'rieul',
};

function finalSound(word: string): FinalSound {
  const last = [...word.trim()].reverse().find((ch) => /[\p{L}\p{N}]/u.test(ch));
  if (!last) return 'vowel';
  const code = last.codePointAt(0) ?? 0;
  if (code >= 0xac00 && code <= 0xd7a3) {
    const final = (code - 0xac00) % 28;
    return final === 0 ? 'vowel' : final === 8 ? 'rieul' : 'consonant';
  }
  return spokenFinal[last.toLowerCase()] ?? 'vowel';
}

/** The particle that follows `word`: 으로 becomes 로 after a vowel or ㄹ, as the grammar has it. */
export function particleFor(word: string, particle: Particle): string {
  const [afterConsonant, afterVowel] = forms[particle];
  const sound = finalSound(word);
  if (particle === '으로' || particle === '로') return sound === 'consonant' ? afterConsonant : afterVowel;
  return sound === 'vowel' ? afterVowel : afterConsonant;
}
