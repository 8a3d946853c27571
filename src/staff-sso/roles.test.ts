import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rolesFromClaims } from './roles.ts';

const map = { 'onramp-admins': ['admin'], 'cx-team': ['cx', 'support'], sales: ['sales'] };

const cases: [string, Record<string, unknown>, Record<string, string[]> | undefined, string[]][] = [
  ['list, no map: role names grant themselves', { groups: ['cx', 'support'] }, undefined, ['cx', 'support']],
  ['list, no map: unknown names grant nothing', { groups: ['everyone', 'Admin'] }, undefined, []],
  [
    'string claim split on spaces and commas',
    { groups: 'cx, sales support' },
    undefined,
    ['sales', 'cx', 'support'],
  ],
  ['mapped values', { groups: ['cx-team'] }, map, ['cx', 'support']],
  ['mapped: a role name alone is not enough', { groups: ['admin'] }, map, []],
  [
    'mapped, several, deduplicated, stable order',
    { groups: ['cx-team', 'onramp-admins', 'cx-team'] },
    map,
    ['cx', 'support', 'admin'],
  ],
  ['claim missing', {}, map, []],
  ['claim of the wrong type', { groups: 42 }, undefined, []],
  ['non-strings in the list are ignored', { groups: [1, null, 'cx'] }, undefined, ['cx']],
  ['empty string', { groups: '' }, undefined, []],
];

for (const [name, claims, roleMap, expected] of cases) {
  test(`roles from claims: ${name}`, () => {
    assert.deepEqual(rolesFromClaims(claims, 'groups', roleMap), expected);
  });
}

test('roles from claims: another claim name', () => {
  assert.deepEqual(rolesFromClaims({ roles: ['admin'], groups: ['cx'] }, 'roles', undefined), ['admin']);
});
