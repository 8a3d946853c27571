import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from './index.ts';
import { koActivation } from './ko-activation.ts';
import { koConsole } from './ko-console.ts';
import { koCustomer } from './ko-customer.ts';
import { koEmail } from './ko-email.ts';
import { koErrors } from './ko-errors.ts';
import { type Particle, particleFor } from './particles.ts';

const cases: [string, Particle, string][] = [
  ['한빛소프트 주식회사', '을', '를'],
  ['한빛소프트', '을', '를'],
  ['서울', '을', '을'],
  ['서울', '으로', '로'],
  ['부산', '으로', '으로'],
  ['관리자', '으로', '로'],
  ['사용자', '은', '는'],
  ['김민준', '은', '은'],
  ['김민준', '와', '과'],
  ['지수', '과', '와'],
  ['KRW', '으로', '로'],
  ['USD', '으로', '로'],
  ['kim@hanbit.com', '으로', '으로'],
  ['admin', '은', '은'],
  ['acme-korea', '이', '가'],
  ['mail', '으로', '로'],
  ['team7', '으로', '로'],
  ['org3', '을', '을'],
  ['(주)한빛', '이', '이'],
  ['', '을', '를'],
];

for (const [word, particle, expected] of cases) {
  test(`${word || '(empty)'} + ${particle} → ${expected}`, () => {
    assert.equal(particleFor(word, particle), expected);
  });
}

test('templates choose the particle from the value', () => {
  assert.equal(
    translate('ko', 'email.thankYou.body', { organization: '한빛소프트 주식회사' })
      .split(' ')
      .slice(0, 2)
      .join(' '),
    '한빛소프트 주식회사를',
  );
  assert.equal(translate('ko', 'console.signedInAs', { name: '김민준' }), '김민준으로 로그인됨');
  assert.equal(translate('ko', 'console.signedInAs', { name: '이지수' }), '이지수로 로그인됨');
});

test('no Korean phrase writes a particle placeholder like (으)로 or 을(를)', () => {
  const all = { ...koActivation, ...koConsole, ...koCustomer, ...koEmail, ...koErrors };
  const placeholders = Object.entries(all).filter(([, text]) =>
    /\((으|은|는|을|를|이|가|와|과)\)/.test(text),
  );
  assert.deepEqual(placeholders, []);
});
