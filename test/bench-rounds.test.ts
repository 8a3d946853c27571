/**
 * The bench's comparisons rest on two small rules: the median of the rounds, and the order in
 * which the process layouts take their turns (npm run bench prints figures from both).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, roundOrder } from '../bench/load.ts';

const medians: [values: number[], median: number][] = [
  [[], 0],
  [[7], 7],
  [[3, 1, 2], 2],
  [[0.9, 1.1], 1],
  [[1.05, 0.79, 0.9, 1.0, 0.93, 1.05], 0.965],
  [[4, 4, 1, 9], 4],
];

test('the median of the rounds: the middle value, or the mean of the two middle ones', () => {
  for (const [values, expected] of medians) {
    assert.ok(Math.abs(median(values) - expected) < 1e-9, `median of ${values.join(', ')}`);
  }
  const values = [3, 1, 2];
  median(values);
  assert.deepEqual(values, [3, 1, 2], 'the values are left in their order');
});

test('over six rounds, three layouts each take every place twice, and each follows each other as often as it precedes it', () => {
  const layouts = ['one', 'all + all', 'web + worker'] as const;
  const orders = Array.from({ length: 6 }, (_, round) => roundOrder(layouts, round));
  assert.deepEqual(orders, [
    ['one', 'all + all', 'web + worker'],
    ['all + all', 'web + worker', 'one'],
    ['web + worker', 'one', 'all + all'],
    ['web + worker', 'all + all', 'one'],
    ['one', 'web + worker', 'all + all'],
    ['all + all', 'one', 'web + worker'],
  ]);
  for (const layout of layouts) {
    const places = orders.map((order) => order.indexOf(layout)).sort();
    assert.deepEqual(places, [0, 0, 1, 1, 2, 2], `${layout} goes first, second and last twice`);
  }
  const justBefore = new Map<string, number>();
  for (const order of orders) {
    for (let i = 1; i < order.length; i++) {
      const pair = `${order[i - 1]} → ${order[i]}`;
      justBefore.set(pair, (justBefore.get(pair) ?? 0) + 1);
    }
  }
  for (const a of layouts) {
    for (const b of layouts) {
      if (a !== b)
        assert.equal(justBefore.get(`${a} → ${b}`), justBefore.get(`${b} → ${a}`), `${a} and ${b}`);
    }
  }
  assert.deepEqual(roundOrder(['alone'], 3), ['alone'], 'one layout is its own order');
});
