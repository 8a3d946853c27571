import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClaimLoop } from './claim-loop.ts';

/** A queue of numbered items to claim, and a record of what was worked. */
function source(count: number) {
  const due = Array.from({ length: count }, (_, i) => i);
  const claims: number[] = [];
  return {
    due,
    claims,
    claim: async (free: number) => {
      claims.push(free);
      await new Promise((resolve) => setImmediate(resolve));
      return due.splice(0, free);
    },
  };
}

const log = { error: () => {} };
const describeItem = (item: number) => ({ item });

test('a claim loop works a backlog to the end, never more than its limit at once', async () => {
  const items = source(25);
  const worked: number[] = [];
  let inFlight = 0;
  let most = 0;
  const loop = new ClaimLoop({
    limit: 4,
    claim: items.claim,
    work: async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      worked.push(item);
      inFlight--;
      return false;
    },
    describe: describeItem,
    log,
  });
  loop.wake();
  // One wake is enough: settled items claim the rest.
  while (worked.length < 25) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(
    [...worked].sort((a, b) => a - b),
    Array.from({ length: 25 }, (_, i) => i),
  );
  assert.ok(most <= 4, `at most 4 at once (saw ${most})`);
  assert.ok(
    items.claims.every((free) => free >= 1 && free <= 4),
    'claims ask for free places only',
  );
  await loop.stop();
});

test('wakes while claiming are not lost, a crash is logged, and stop waits for work in flight', async () => {
  const items = source(0);
  const errors: object[] = [];
  let finished = 0;
  const loop = new ClaimLoop({
    limit: 8,
    claim: items.claim,
    work: async (item) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      if (item === 1) throw new Error('boom');
      finished++;
      return false;
    },
    describe: describeItem,
    log: { error: (object: object) => errors.push(object) },
  });
  loop.wake();
  // Work lands while the first (empty) claim is under way; the wake it sends must count.
  items.due.push(0, 1, 2);
  loop.wake();
  await new Promise((resolve) => setTimeout(resolve, 10));
  await loop.stop();
  assert.equal(finished, 2, 'stop waited for the two that succeed');
  assert.equal(errors.length, 1);
  assert.deepEqual((errors[0] as { item: number }).item, 1);
  items.due.push(9);
  loop.wake();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(items.due, [9], 'a stopped loop claims nothing more');
});

test('work that lands while every place is taken is claimed once one frees up', async () => {
  const items = source(2);
  const worked: number[] = [];
  const loop = new ClaimLoop({
    limit: 2,
    claim: items.claim,
    work: async (item) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      worked.push(item);
      return false;
    },
    describe: describeItem,
    log,
  });
  loop.wake();
  await new Promise((resolve) => setTimeout(resolve, 5));
  // Both places are busy (the claim took all it asked for, and no more were due).
  items.due.push(2);
  loop.wake();
  while (worked.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual([...worked].sort(), [0, 1, 2]);
  await loop.stop();
});

test('a settled item that made more due wakes the loop; others do not claim again', async () => {
  const items = source(1);
  const worked: number[] = [];
  const loop = new ClaimLoop({
    limit: 4,
    claim: items.claim,
    work: async (item) => {
      worked.push(item);
      if (item === 0) {
        items.due.push(1);
        return true;
      }
      return false;
    },
    describe: describeItem,
    log,
  });
  loop.wake();
  while (worked.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(worked, [0, 1]);
  assert.equal(items.claims.length, 2, 'one claim per wake: the start, and the follower');
  await loop.stop();
});

test('a place held for an item claimed elsewhere counts against the limit until worked or given back', async () => {
  const items = source(10);
  const worked: number[] = [];
  const finish: (() => void)[] = [];
  const loop = new ClaimLoop({
    limit: 3,
    claim: items.claim,
    work: (item) =>
      new Promise<boolean>((resolve) => {
        worked.push(item);
        finish.push(() => resolve(false));
      }),
    describe: describeItem,
    log,
  });
  const first = loop.reserve();
  const second = loop.reserve();
  assert.ok(first && second);
  loop.wake();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(items.claims, [1], 'a claim asks only for the place not held');
  assert.equal(loop.reserve(), undefined, 'every place taken: none to hold');

  first.work(100);
  first.work(101);
  first.release();
  assert.deepEqual(worked, [0, 100], 'a held place works its item at once, only once');
  second.release();
  second.release();
  second.work(102);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(!worked.includes(102), 'a place given back works nothing');
  assert.deepEqual(worked, [0, 100, 1], 'the backlog takes the place given back');

  // Places free up: the backlog is claimed into them, the given-back one included.
  for (let i = 0; i < 20 && worked.length < 12; i++) {
    for (const done of finish.splice(0)) done();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.deepEqual(
    worked.filter((item) => item < 100).sort((a, b) => a - b),
    Array.from({ length: 10 }, (_, i) => i),
  );
  for (const done of finish.splice(0)) done();
  await loop.stop();
  assert.equal(loop.reserve(), undefined, 'a stopped loop holds no place');
});
