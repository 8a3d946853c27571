import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatheredCalls } from './gathered-calls.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('items added in one tick go in one run, and each gets its own result', async () => {
  const runs: number[][] = [];
  const calls = new GatheredCalls<number, number>({
    everyMs: 0,
    run: async (items) => {
      runs.push(items);
      return items.map((item) => item * 10);
    },
  });
  const results = await Promise.all([1, 2, 3].map((item) => calls.add(item)));
  assert.deepEqual(results, [10, 20, 30]);
  assert.deepEqual(runs, [[1, 2, 3]]);
});

test('one run at a time, at most every everyMs: what comes meanwhile goes in the next run', async () => {
  const runs: number[][] = [];
  let running = 0;
  let most = 0;
  const calls = new GatheredCalls<number, number>({
    everyMs: 500,
    run: async (items) => {
      running++;
      most = Math.max(most, running);
      runs.push(items);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running--;
      return items;
    },
  });
  const first = calls.add(0);
  await tick();
  assert.deepEqual(runs, [[0]], 'a quiet batch runs at once');
  const later = [1, 2, 3, 4].map(async (item) => {
    await new Promise((resolve) => setTimeout(resolve, item * 3));
    return calls.add(item);
  });
  assert.deepEqual(await Promise.all([first, ...later]), [0, 1, 2, 3, 4]);
  assert.deepEqual(runs, [[0], [1, 2, 3, 4]]);
  assert.equal(most, 1);
});

test('a failed run fails each of its items, and the next run goes on', async () => {
  let fail = true;
  const calls = new GatheredCalls<string, string>({
    everyMs: 0,
    run: async (items) => {
      if (fail) throw new Error('database down');
      return items.map((item) => item.toUpperCase());
    },
  });
  const failed = await Promise.allSettled([calls.add('a'), calls.add('b')]);
  assert.deepEqual(
    failed.map((outcome) => outcome.status),
    ['rejected', 'rejected'],
  );
  fail = false;
  assert.equal(await calls.add('c'), 'C');
});
