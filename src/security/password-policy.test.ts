import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPassword, type PasswordRule } from './password-policy.ts';

const cases: [string, PasswordRule[]][] = [
  ['Correct-Horse-9', []],
  ['Aa1!aaaa', []],
  ['Aa1!aaa', ['minLength']],
  ['aa1!aaaa', ['uppercase']],
  ['AA1!AAAA', ['lowercase']],
  ['Aa!aaaaa', ['digit']],
  ['Aa1aaaaa', ['special']],
  ['Aa1 aaaa', []],
  ['Ünïcødé1!', []],
  ['비밀번호Aa1!', []],
  ['', ['minLength', 'lowercase', 'uppercase', 'digit', 'special']],
  [`Aa1!${'x'.repeat(396)}`, []],
  [`Aa1!${'x'.repeat(397)}`, ['maxLength']],
  // Astral characters count once, as people see them.
  ['Aa1!😀😀😀😀', []],
];

for (const [password, expected] of cases) {
  test(`password ${JSON.stringify(password.length > 20 ? `${password.slice(0, 12)}…(${password.length})` : password)} breaks ${expected.join(', ') || 'nothing'}`, () => {
    assert.deepEqual(checkPassword(password), expected);
  });
}

test('the policy is configurable', () => {
  assert.deepEqual(checkPassword('Aa1!aaaa', { minLength: 12, maxLength: 400 }), ['minLength']);
});
