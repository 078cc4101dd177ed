// Deep recursion never uses the JS stack: a million non-tail calls and a ten
// million step tail loop both finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vmResults } from './helpers.js';

test('(sum-to 1000000), not a tail call', () => {
  const { forms, stats } = vmResults('(= (sum-to $n) (if (== $n 0) 0 (+ $n (sum-to (- $n 1))))) !(sum-to 1000000)');
  assert.deepEqual(forms, [['500000500000']]);
  assert.equal(stats.fallbacks, 0);
});

test('a 10,000,000 step tail loop', () => {
  const { forms, stats } = vmResults('(= (loop $n $acc) (if (== $n 0) $acc (loop (- $n 1) (+ $acc 2)))) !(loop 10000000 0)');
  assert.deepEqual(forms, [['20000000']]);
  assert.equal(stats.fallbacks, 0);
});

test('a wide superpose costs the same per alternative', () => {
  const items = (n: number): string => Array.from({ length: n }, (_, i) => String(i)).join(' ');
  const time = (n: number): number => {
    const t = process.hrtime.bigint();
    const { forms } = vmResults(`!(collapse (+ 1 (superpose (${items(n)}))))`);
    assert.equal(forms[0]![0]!.split(' ').length, n);
    return Number(process.hrtime.bigint() - t) / n;
  };
  time(20000);
  const small = time(20000);
  const large = time(200000);
  assert.ok(large < small * 4, `per-alternative cost grew: ${small.toFixed(0)}ns -> ${large.toFixed(0)}ns`);
});
