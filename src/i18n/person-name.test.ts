import assert from 'node:assert/strict';
import { test } from 'node:test';
import { personName } from './person-name.ts';

const cases: [string, string, string, string][] = [
  // given, family, Korean, English
  ['민준', '김', '김민준', '김민준'],
  ['서연', '남궁', '남궁서연', '남궁서연'],
  ['John', 'Smith', 'John Smith', 'John Smith'],
  ['Minjun', 'Kim', 'Minjun Kim', 'Minjun Kim'],
  [' Ada ', ' Lovelace ', 'Ada Lovelace', 'Ada Lovelace'],
  ['太郎', '山田', '山田 太郎', '山田 太郎'],
  ['Cher', '', 'Cher', 'Cher'],
  ['', '김', '김', '김'],
];

for (const [firstName, lastName, ko, en] of cases) {
  test(`person name ${firstName}/${lastName}: "${ko}" in Korean, "${en}" in English`, () => {
    assert.equal(personName('ko', { firstName, lastName }), ko);
    assert.equal(personName('en', { firstName, lastName }), en);
  });
}
