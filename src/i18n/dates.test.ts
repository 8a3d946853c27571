import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderInvitationEmail } from '../invitations/email.ts';
import { calendarDate, formatDate, formatDateTime } from './dates.ts';

const instant = new Date('2026-12-01T06:04:00Z');

const cases: [string, 'en' | 'ko', string | undefined, RegExp][] = [
  ['English in Seoul', 'en', 'Asia/Seoul', /^December 1, 2026 at 3:04\sPM GMT\+9$/],
  ['Korean in Seoul', 'ko', 'Asia/Seoul', /^2026년 12월 1일 오후 3:04 GMT\+9$/],
  ['English in UTC', 'en', 'UTC', /^December 1, 2026 at 6:04\sAM UTC$/],
  ['Korean in Dublin', 'ko', 'Europe/Dublin', /^2026년 12월 1일 오전 6:04 GMT(\+0)?$/],
];

for (const [name, locale, zone, expected] of cases) {
  test(`one date style per language, the zone named: ${name}`, () => {
    assert.match(formatDateTime(locale, instant, zone), expected);
  });
}

test('a date alone follows the zone too', () => {
  const late = new Date('2026-12-01T20:00:00Z');
  assert.equal(formatDate('en', late, 'UTC'), 'December 1, 2026');
  assert.equal(formatDate('ko', late, 'Asia/Seoul'), '2026년 12월 2일');
});

test('a calendar date is the day in that zone, as YYYY-MM-DD', () => {
  const late = new Date('2026-12-31T20:00:00Z');
  assert.equal(calendarDate(late, 'UTC'), '2026-12-31');
  assert.equal(calendarDate(late, 'Asia/Tokyo'), '2027-01-01');
  assert.equal(calendarDate(late, 'America/Sao_Paulo'), '2026-12-31');
});

test("an invitation's expiry is said in the organization's region's time", () => {
  const email = renderInvitationEmail('ko', {
    inviterName: '김민준',
    inviterEmail: 'minjun@hanbit.test',
    organizationName: '한빛소프트',
    shortName: 'hanbitsopeuteu',
    role: 'user',
    url: 'https://onramp.test/invitations/x',
    expiresAt: instant,
    timeZone: 'Asia/Seoul',
  });
  assert.match(email.text, /2026년 12월 1일 오후 3:04 GMT\+9/);
});
