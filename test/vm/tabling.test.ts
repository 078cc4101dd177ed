// Tabling: pure tree-recursive functions are memoised on the VM, with the same
// results (order and multiplicity) as without tabling and as the tree-walker;
// impure, space-reading and state-reading functions never are; changed rules
// start empty tables; the option and the pragma turn it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeTTa } from '../../src/runner/metta.js';
import { format } from '../../src/syntax/printer.js';
import type { EngineName, EngineStats } from '../../src/runner/engine.js';

interface Run {
  readonly forms: string[][];
  readonly stats: EngineStats;
  readonly printed: string[];
}

function run(src: string, engine: EngineName = 'vm', tabling = true, maxSteps?: number): Run {
  const printed: string[] = [];
  const m = new MeTTa({ engine, tabling, print: (s) => printed.push(s), ...(maxSteps !== undefined ? { maxSteps } : {}) });
  const r = m.runReport(src, '<tabling>', { stopOnError: false });
  assert.deepEqual(r.errors, []);
  return { forms: r.forms.map((f) => f.results.map((a) => format(a))), stats: m.stats, printed };
}

/** Tabled VM, untabled VM and tree-walker give the same results, in the same order. */
function same(src: string): Run {
  const tabled = run(src);
  assert.deepEqual(run(src, 'vm', false).forms, tabled.forms, 'tabling changed the results');
  assert.deepEqual(run(src, 'tree').forms, tabled.forms, 'the tree-walker disagrees');
  return tabled;
}

const FIB = '(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))';

test('fib 90 is linear with tabling, exact past 2^53', () => {
  const r = run(`${FIB} !(fib 90)`);
  assert.deepEqual(r.forms, [['2880067194370816120']]);
  assert.ok((r.stats.tableHits ?? 0) >= 80, `table hits: ${r.stats.tableHits}`);
  assert.ok(r.stats.steps < 1000, `steps: ${r.stats.steps}`);
});

test('the same answers as without tabling and on the tree-walker', () => {
  const r = same(`${FIB} !(fib 20) !(fib 0) !(fib 1.5)`);
  assert.equal(r.forms[0]![0], '6765');
  assert.ok((r.stats.tableHits ?? 0) > 0);
});

test('nondeterministic functions replay every answer in order, duplicates kept', () => {
  const r = same(`
    (= (tree 0) (superpose (a b a)))
    (= (tree $n) (if (> $n 0) (superpose ((L (tree (- $n 1))) (R (tree (- $n 1))))) (empty)))
    !(collapse (tree 2))
    !(let $r (collapse (tree 6)) (size-atom $r))`);
  assert.equal(r.forms[1]![0], String(2 ** 6 * 3));
  assert.ok((r.stats.tableHits ?? 0) > 0);
});

test('errors and non-reducing calls are answers too', () => {
  same(`
    (= (bad $n) (if (== $n 0) (/ 1 0) (+ (bad (- $n 1)) (bad (- $n 1)))))
    !(bad 3)
    (= (part $n) (if (== $n 0) (undefined-thing $n) (Pair (part (- $n 1)) (part (- $n 1)))))
    !(part 2)`);
});

test('functions with side effects are not tabled', () => {
  const src = `
    (= (noisy $n) (if (== $n 0) (let $u (println! leaf) 1) (+ (noisy (- $n 1)) (noisy (- $n 1)))))
    !(noisy 3)`;
  const r = run(src);
  assert.deepEqual(r.forms, [['8']]);
  assert.equal(r.printed.length, 8);
  assert.equal(r.stats.tableHits, 0);
});

test('functions reading a space see facts added between calls', () => {
  const r = same(`
    (= (facts $n) (if (== $n 0) (let $r (collapse (match &self (fact $x) $x)) (size-atom $r)) (+ (facts (- $n 1)) (facts (- $n 1)))))
    (fact 1)
    !(facts 3)
    !(add-atom &self (fact 2))
    !(facts 3)`);
  assert.deepEqual(r.forms, [['8'], ['()'], ['16']]);
  assert.equal(r.stats.tableHits, 0);
});

test('functions reading state see its changes', () => {
  const r = same(`
    !(bind! &st (new-state 1))
    (= (st $n) (if (== $n 0) (get-state &st) (+ (st (- $n 1)) (st (- $n 1)))))
    !(st 3)
    !(change-state! &st 5)
    !(st 3)`);
  assert.deepEqual([r.forms[1], r.forms[3]], [['8'], ['40']]);
});

test('changing a rule starts empty tables', () => {
  const r = same(`
    (= (base) 1)
    (= (g $n) (if (== $n 0) (base) (+ (g (- $n 1)) (g (- $n 1)))))
    !(g 3)
    !(remove-atom &self (= (base) 1))
    !(add-atom &self (= (base) 2))
    !(g 3)`);
  assert.deepEqual([r.forms[0], r.forms[3]], [['8'], ['16']]);
  assert.ok((r.stats.tableHits ?? 0) > 0);
});

test('--no-tabling (option) and (pragma! tabling False) turn it off', () => {
  assert.equal(run(`${FIB} !(fib 15)`, 'vm', false).stats.tableHits, 0);
  const p = run(`!(pragma! tabling False) ${FIB} !(fib 15)`);
  assert.deepEqual(p.forms[1], ['610']);
  assert.equal(p.stats.tableHits, 0);
  const bad = run('!(pragma! tabling perhaps)');
  assert.match(bad.forms[0]![0]!, /^\(Error/);
});

test('a call that needs itself still ends at the step limit', () => {
  const m = new MeTTa({ engine: 'vm', maxSteps: 50_000, print: () => {} });
  const r = m.runReport('(= (f $n) (+ (f $n) (f $n))) !(f 1)', '<loop>', { stopOnError: false });
  const text = [...r.errors, ...r.forms.flatMap((f) => f.results.map((a) => format(a)))].join(' ');
  assert.match(text, /step limit/i);
});

test('a tabled call of a function with three or more rules backtracks into its next rule (the nested call has no chunk of its own)', () => {
  // The nested VM that evaluates a tabled call pushed its rule alternatives outside any chunk; backtracking
  // into the second of three rules looked that chunk up and crashed ("reading 'id'") before this was fixed.
  const r = same(`${FIB}\n${FIB}\n${FIB}\n!(collapse (fib 4))\n!(fib 1)`);
  // fib 0 and fib 1 give 3 results each, fib n 3·(fib n−1)·(fib n−2): 3, 3, 27, 243, 19683.
  assert.equal(r.forms[0]![0]!.split(' ').length, 19683);
  assert.deepEqual(r.forms[1], ['1', '1', '1']);
  assert.ok((r.stats.tableHits ?? 0) > 0, `table hits: ${r.stats.tableHits}`);
});

test('runners share the thread\'s nested VMs of tabled calls: interleaved runners keep their own rules, tables and counts', () => {
  const a = new MeTTa({ print: () => {} });
  const b = new MeTTa({ print: () => {} });
  a.run(FIB);
  // The same name with other rules in the other runner: a nested VM must take each runner's program.
  b.run('(= (fib $n) (if (< $n 2) 1 (+ (fib (- $n 1)) (fib (- $n 2)))))');
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(a.run('!(fib 40)').map((r) => r.map(format)), [['102334155']]);
    assert.deepEqual(b.run('!(fib 40)').map((r) => r.map(format)), [['165580141']]);
  }
  assert.ok((a.stats.tableHits ?? 0) > 0 && (b.stats.tableHits ?? 0) > 0);
  // A third runner, made after the others' calls, starts from empty tables of its own.
  const c = new MeTTa({ print: () => {} });
  c.run(`${FIB} !(fib 30)`);
  assert.equal(c.stats.tableMisses, 30); // fib 30 down to fib 1, each evaluated once
});
