import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, needsRehash, Turns, verifyAgainstDummy, verifyPassword } from './passwords.ts';

/** A piece of work that runs until the test ends it. */
function work(started: string[], name: string) {
  let end: (fail?: boolean) => void = () => {};
  const run = () =>
    new Promise<string>((resolve, reject) => {
      started.push(name);
      end = (fail) => (fail ? reject(new Error(name)) : resolve(name));
    });
  return { run, end: (fail?: boolean) => end(fail) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('turns: at most the limit at once, the rest in order as places free up', async () => {
  const turns = new Turns(2);
  const started: string[] = [];
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => work(started, name)) as [
    ReturnType<typeof work>,
    ReturnType<typeof work>,
    ReturnType<typeof work>,
    ReturnType<typeof work>,
  ];
  const done = [a, b, c, d].map((w) => turns.run(w.run).catch((error: Error) => `failed ${error.message}`));
  await tick();
  assert.deepEqual(started, ['a', 'b']);
  a.end(true);
  await tick();
  assert.deepEqual(started, ['a', 'b', 'c'], 'a failure frees its place too');
  turns.limit = 3;
  await tick();
  assert.deepEqual(started, ['a', 'b', 'c', 'd'], 'a higher limit starts who waits');
  b.end();
  c.end();
  d.end();
  assert.deepEqual(await Promise.all(done), ['failed a', 'b', 'c', 'd']);
});

test('passwords: a hash verifies its password only, also when many are hashed at once', async () => {
  const passwords = Array.from({ length: 6 }, (_, i) => `Turn-Password-${i}!`);
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
  assert.match(hashes[0] ?? '', /^\$argon2id\$v=19\$m=20480,t=2,p=1\$/);
  assert.deepEqual(await Promise.all(hashes.map((h, i) => verifyPassword(h, passwords[i] ?? ''))), [
    true,
    true,
    true,
    true,
    true,
    true,
  ]);
  assert.equal(await verifyPassword(hashes[0] ?? '', passwords[1] ?? ''), false);
  assert.equal(await verifyPassword('not a hash', passwords[0] ?? ''), false);
  assert.equal(await verifyAgainstDummy(passwords[0] ?? ''), false);
});

test('passwords: a stored hash needs rehashing when its algorithm or parameters are not today’s', () => {
  const salted = '$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA';
  const cases: [string, boolean][] = [
    [`$argon2id$v=19$m=20480,t=2,p=1${salted}`, false],
    [`$argon2id$v=19$m=19456,t=2,p=1${salted}`, true],
    [`$argon2id$v=19$m=204800,t=2,p=1${salted}`, true],
    [`$argon2id$v=19$m=20480,t=3,p=1${salted}`, true],
    [`$argon2id$v=19$m=20480,t=2,p=2${salted}`, true],
    [`$argon2i$v=19$m=20480,t=2,p=1${salted}`, true],
    [`$argon2id$v=16$m=20480,t=2,p=1${salted}`, true],
  ];
  for (const [stored, expected] of cases) assert.equal(needsRehash(stored), expected, stored);
});
