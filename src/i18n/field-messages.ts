import type { Locale } from './index.ts';

/**
 * The API's per-field messages (`details.fields[].message`) in the caller's language. They are
 * written in English where the rule is declared (schemas, services), so this table pairs each
 * English form with its Korean sentence; `$1` carries a number over. Anything not listed (a
 * library's own wording) gets a plain "is invalid" rather than English on a Korean page.
 */
const korean: [RegExp, string][] = [
  [/^is required$/, '필수 항목입니다.'],
  [/^Invalid input: expected \w+, received undefined$/, '필수 항목입니다.'],
  [/^must be at most (\d+) characters$/, '$1자 이하로 입력하세요.'],
  [/^must be at least (\d+) characters$/, '$1자 이상 입력하세요.'],
  [/^must be at most (\d+)$/, '$1 이하여야 합니다.'],
  [/^must be at least (\d+)$/, '$1 이상이어야 합니다.'],
  [/^must be a whole number$/, '정수여야 합니다.'],
  [/^must be a valid email address$/, '올바른 이메일 주소를 입력하세요.'],
  [/^must be a UUID$/, 'UUID 형식이어야 합니다.'],
  [
    /^must not contain control characters, line breaks or text-direction overrides$/,
    '제어 문자, 줄바꿈, 텍스트 방향을 바꾸는 문자는 쓸 수 없습니다.',
  ],
  [/^must contain visible characters$/, '보이는 글자를 하나 이상 입력하세요.'],
  [/^may contain only a-z, 0-9 and -$/, '영문 소문자(a-z), 숫자(0-9), 하이픈(-)만 쓸 수 있습니다.'],
  [/^must contain at least one letter or digit$/, '영문자나 숫자를 하나 이상 넣어야 합니다.'],
  [/^is reserved by the platform$/, '플랫폼이 쓰는 이름이라 사용할 수 없습니다.'],
  [/^is not a region in the catalog$/, '목록에 없는 리전입니다.'],
  [/^is listed twice$/, '두 번 들어 있습니다.'],
  [/^is required for a paid subscription$/, '유료 구독에는 꼭 필요합니다.'],
  [/^is required for a trial \(1 to 90 days\)$/, '체험판에는 꼭 필요합니다(1~90일).'],
  [
    /^must be a three-letter ISO 4217 code such as USD$/,
    'USD처럼 세 글자로 된 ISO 4217 통화 코드여야 합니다.',
  ],
  [
    /^is not an ISO 4217 currency code \(such as USD, EUR or KRW\)$/,
    'ISO 4217 통화 코드가 아닙니다(예: USD, EUR, KRW).',
  ],
  [/^does not meet the password rules$/, '비밀번호 규칙을 아직 만족하지 않습니다.'],
  [/^is not correct$/, '올바르지 않습니다.'],
  [/^must be yes or no$/, 'true 또는 false여야 합니다.'],
  [/^must name at least one role$/, '역할을 하나 이상 골라야 합니다.'],
  [/^must be an http:\/\/ or https:\/\/ URL$/, 'http:// 또는 https:// 주소여야 합니다.'],
  [
    /^must be a full URL, such as https:\/\/example\.com\/webhooks$/,
    'https://example.com/webhooks처럼 전체 주소여야 합니다.',
  ],
  [/^must use https:\/\/ in production$/, '운영 환경에서는 https:// 주소여야 합니다.'],
  [
    /^must start with https:\/\/ \(or http:\/\/ outside production\)$/,
    'https://로 시작해야 합니다(운영 환경이 아니면 http://도 됩니다).',
  ],
  [/^must be a whsec_ secret \(whsec_ and base64\)$/, 'whsec_ 뒤에 base64가 오는 비밀 값이어야 합니다.'],
  [
    /^must be 2 to 41 characters of a-z, 0-9 and -, starting with a letter$/,
    '영문자로 시작하고 a-z, 0-9, -로 된 2~41자여야 합니다.',
  ],
  [/^is the name of a built-in step$/, '기본 단계의 이름이라 쓸 수 없습니다.'],
  [/^is not a cursor (this list returned|from a previous page)$/, '이 목록이 준 커서가 아닙니다.'],
  [/^give company or shortName$/, 'company나 shortName 중 하나를 주세요.'],
  [
    /^give at least one of url, events, enabled, description$/,
    'url, events, enabled, description 중 하나 이상을 주세요.',
  ],
  [
    /^explain why you sign off despite failing checks$/,
    '실패한 점검이 있는데도 승인하는 이유를 적어 주세요.',
  ],
];

/** English forms a library writes, said the way the rest of the API says things. */
const english: [RegExp, string][] = [[/^Invalid input: expected \w+, received undefined$/, 'is required']];

export function translateFieldMessage(locale: Locale, message: string): string {
  const table = locale === 'ko' ? korean : english;
  for (const [pattern, replacement] of table) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  return locale === 'ko' ? '올바르지 않은 값입니다.' : message;
}

/**
 * The same rules said the way the pages speak to people ("Enter a valid email address."), for
 * the English web app; the API keeps its terse wording for scripts. Korean needs no second
 * table: the Korean sentences above already speak to people.
 */
const englishVoice: [RegExp, string][] = [
  [/^(is required|Invalid input: expected \w+, received undefined)$/, 'Required.'],
  [/^must be at most (\d+) characters$/, 'Use at most $1 characters.'],
  [/^must be at least (\d+) characters$/, 'Use at least $1 characters.'],
  [/^must be a valid email address$/, 'Enter an email address, like name@company.com.'],
  [
    /^must not contain control characters, line breaks or text-direction overrides$/,
    'Remove line breaks and invisible control characters.',
  ],
  [/^must contain visible characters$/, 'Type at least one visible character.'],
  [/^may contain only a-z, 0-9 and -$/, 'Use only lowercase letters a-z, digits 0-9 and hyphens (-).'],
  [/^must contain at least one letter or digit$/, 'Include at least one letter or digit.'],
  [/^is reserved by the platform$/, 'This name is reserved by the platform; choose another.'],
  [/^does not meet the password rules$/, 'The password does not meet the rules yet.'],
  [/^is not correct$/, 'This is not correct.'],
  [/^is listed twice$/, 'This is listed twice.'],
];

/** A field's message for the person at the form, in their language. */
export function fieldMessageForPeople(locale: Locale, message: string): string {
  if (locale === 'ko') return message;
  for (const [pattern, replacement] of englishVoice) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  // Anything else still reads as a sentence.
  const sentence = /^(is|must|may) /.test(message)
    ? `This ${message}`
    : `${message.charAt(0).toUpperCase()}${message.slice(1)}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
