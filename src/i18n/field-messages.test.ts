import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldMessageForPeople, translateFieldMessage } from './field-messages.ts';

const cases: [string, string, string][] = [
  ['is required', '필수 항목입니다.', 'is required'],
  ['Invalid input: expected string, received undefined', '필수 항목입니다.', 'is required'],
  ['must be at most 200 characters', '200자 이하로 입력하세요.', 'must be at most 200 characters'],
  ['must be a valid email address', '올바른 이메일 주소를 입력하세요.', 'must be a valid email address'],
  [
    'may contain only a-z, 0-9 and -',
    '영문 소문자(a-z), 숫자(0-9), 하이픈(-)만 쓸 수 있습니다.',
    'may contain only a-z, 0-9 and -',
  ],
  [
    'Invalid input: expected number, received string',
    '올바르지 않은 값입니다.',
    'Invalid input: expected number, received string',
  ],
];

for (const [message, ko, en] of cases) {
  test(`field message "${message}" in Korean and English`, () => {
    assert.equal(translateFieldMessage('ko', message), ko);
    assert.equal(translateFieldMessage('en', message), en);
  });
}

test('the API answers field problems in Korean with Accept-Language: ko, not one Latin sentence', async () => {
  const { startTestApp } = await import('../../test/helpers/app.ts');
  const { subscriptionBody } = await import('../../test/helpers/factories.ts');
  const app = await startTestApp();
  try {
    const staff = await app.staff(['sales']);
    const bad = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      as: staff,
      headers: { 'accept-language': 'ko-KR,ko;q=0.9' },
      payload: subscriptionBody({ company: '\u200B', customerEmail: 'not-an-email', currency: 'ZZZ' }),
    });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().error.details.fields as { path: string; message: string }[];
    assert.ok(fields.length >= 2, JSON.stringify(fields));
    for (const field of fields) assert.doesNotMatch(field.message, /[A-Za-z]{3,} [A-Za-z]{3,}/, field.path);
    const preview = await app.request({
      method: 'GET',
      url: '/api/v1/short-names/preview?shortName=Bad_Name!&region=ap-northeast-2',
      headers: { 'accept-language': 'ko' },
    });
    const text = JSON.stringify(preview.json());
    assert.doesNotMatch(text, /may contain only/, text);
  } finally {
    await app.close();
  }
});

test('the English pages say field rules to people, in sentences', () => {
  assert.equal(
    fieldMessageForPeople('en', 'must be a valid email address'),
    'Enter an email address, like name@company.com.',
  );
  assert.equal(fieldMessageForPeople('en', 'is required'), 'Required.');
  assert.equal(
    fieldMessageForPeople('en', 'is not a region in the catalog'),
    'This is not a region in the catalog.',
  );
  assert.equal(fieldMessageForPeople('ko', '필수 항목입니다.'), '필수 항목입니다.');
});
