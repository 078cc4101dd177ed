// A collapsed match of data, `(collapse (match S P T))` where every instance of T
// is inert, is made in one pass over the answers, and a counted one,
// `(let $r (collapse (match S P T)) (size-atom $r))`, counts them without a list:
// the results, steps and limits must be exactly the loop's, and the tree-walker's results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapsedMatchTuning } from '../../src/vm/collapsed-match.js';
import { runOn, type EngineRun } from './helpers.js';
import { MeTTa } from '../../src/runner/metta.js';
import { spaceInfo } from '../../src/vm/space-info.js';

const FACTS = [
  ...Array.from({ length: 30 }, (_, i) => `(e ${i} ${(i * 7 + 3) % 30})`),
  '(e 3 3)', '(e 5 foo)', '(n a b) (n b c) (n c a)',
  '(= (f $x) (superpose ($x $x)))', '(= (g 4) (empty))', '(= (foo $y) (bar $y))',
].join('\n');

/** A size function: its call on a collapse is counted (lean.ts). */
const SIZE_FN = '(= (len $xs) (size-atom $xs))';
const count = (m: string): string => `!(let $r (collapse ${m}) (size-atom $r))`;

const FORMS = [
  // Data templates: counted.
  count('(match &self (e $x $y) ($x $y))'),
  count('(match &self (, (e $a $b) (e $b $c)) ($a $c))'),
  count('(match &self (, (e $a $b) (e $b $c) (e $c $d)) (p $a $d))'),
  count('(match &self (e 3 $y) (t $y))'),
  count('(match &self (e 99 $y) (t $y))'),
  count('(match &self (, (n $a $b) (n $b $c) (n $c $a)) ($a $b $c))'),
  '!(let $k 5 (let $r (collapse (match &self (e $k $y) ($k $y))) (size-atom $r)))',
  // Templates that evaluate: the loop's results.
  count('(match &self (e $x $y) (f $x))'),
  count('(match &self (e $x $y) (g $y))'),
  // A variable head that is sometimes a function (`foo` has a rule): not all data.
  count('(match &self (e $x $y) ($y $x))'),
  // Stored atoms with variables among the answers.
  '(m $u 1) (m 2 2)',
  count('(match &self (m $a $b) ($a $b))'),
  // A variable the template does not read, bound to a stored atom's variable: not ground, as the loop finds.
  count('(match &self (m $a $b) (t $b))'),
  '!(collapse (match &self (m $a $b) (t $b)))',
  // The whole pattern as template.
  count('(match &self (e $x $y) (e $x $y))'),
  // Lists, not counts.
  '!(collapse (match &self (, (e $a $b) (e $b $c)) ($a $c)))',
  '!(collapse (match &self (e $x $y) ($y $x)))',
  '!(collapse (match &self (e 99 $y) (t $y)))',
  '!(size-atom (collapse (match &self (n $a $b) (s (n $b $a)))))',
  '(= (len $xs) (size-atom $xs))',
  '!(len (collapse (match &self (, (n $a $b) (n $b $c)) (q $a $c))))',
  // Not size functions: a second rule, and a typed one (its Expression argument is not evaluated: 2).
  '(= (len2 $xs) (size-atom $xs)) (= (len2 $xs) none)',
  '!(len2 (collapse (match &self (e $x $y) (t $x))))',
  '(: len3 (-> Expression Number)) (= (len3 $xs) (size-atom $xs))',
  '!(len3 (collapse (match &self (e $x $y) (t $x))))',
  '!(collapse (match &self (m $a $b) ($a $b)))',
  // The whole pattern as template, listed: the stored atoms themselves (one has a variable: the loop's case).
  '!(collapse (match &self (e $x $y) (e $x $y)))',
  '!(let $k 3 (collapse (match &self (e $k $y) (e $k $y))))',
  '!(collapse (match &self (m $a $b) (m $a $b)))',
];
const SRC = FACTS + '\n' + FORMS.join('\n');

function both(src: string, maxSteps?: number, jit = true): { on: EngineRun; off: EngineRun } {
  collapsedMatchTuning.on = false;
  let off: EngineRun;
  try {
    off = runOn('vm', src, maxSteps, jit);
  } finally {
    collapsedMatchTuning.on = true;
  }
  return { on: runOn('vm', src, maxSteps, jit), off };
}

test('collapsed matches give the tree-walker\'s results, and the loop\'s results and steps', () => {
  const tree = runOn('tree', SRC);
  for (const jit of [true, false]) {
    const { on, off } = both(SRC, undefined, jit);
    assert.deepEqual(on.forms, tree.forms);
    assert.deepEqual(on.forms, off.forms);
    assert.equal(on.stats.steps, off.stats.steps, `steps, jit ${jit}`);
    assert.equal(on.stats.fallbacks, off.stats.fallbacks, `fallbacks, jit ${jit}`);
  }
  const forms = tree.forms as string[][];
  assert.deepEqual(forms[0], ['32']);
  assert.deepEqual(forms[4], ['0']);
});

test('collapsed matches of data, with the whole pattern as template too, are answered without the loop', () => {
  for (const form of [
    '!(collapse (match &self (e $x $y) (e $x $y)))', count('(match &self (e $x $y) (e $x $y))'), '!(collapse (match &self (e $x $y) (t $x $y)))',
    // A call of a size function on the collapse is counted as the let is.
    `${SIZE_FN}\n!(len (collapse (match &self (e $x $y) (t $x $y))))`,
  ]) {
    const before = collapsedMatchTuning.answered;
    const { on } = both(FACTS + '\n' + form);
    assert.equal(collapsedMatchTuning.answered, before + 1, form);
    assert.equal((on.forms as string[][])[0]!.length, 1, form);
  }
});

test('a collapsed match stops at the step limit where the loop stops', () => {
  for (const form of [
    count('(match &self (, (e $a $b) (e $b $c)) ($a $c))'), '!(collapse (match &self (, (e $a $b) (e $b $c)) ($a $c)))',
    `${SIZE_FN}\n!(len (collapse (match &self (, (e $a $b) (e $b $c)) ($a $c))))`,
    '!(collapse (match &self (e $x $y) (e $x $y)))',
  ]) {
    const src = FACTS + '\n' + form;
    const { on: free } = both(src);
    const steps = free.stats.steps;
    for (const limit of [steps - 1, steps, steps + 1, Math.floor(steps / 2)]) {
      const { on, off } = both(src, limit);
      assert.deepEqual(on.forms, off.forms, `${form}, limit ${limit}`);
      assert.equal(on.stats.steps, off.stats.steps, `${form}, steps at limit ${limit}`);
    }
  }
});

/** `src` answered without the loop `answered` times (0 or 1), with the tree-walker's results and the loop's results and steps. */
function answeredAsLoop(src: string, answered: number): void {
  const before = collapsedMatchTuning.answered;
  const { on, off } = both(src);
  assert.equal(collapsedMatchTuning.answered - before, answered, src);
  assert.deepEqual(on.forms, runOn('tree', src).forms, src);
  assert.deepEqual(on.forms, off.forms, src);
  assert.equal(on.stats.steps, off.stats.steps, src);
}

test('a collapsed match of typed constructor terms is answered without the loop, and one of an ill-typed term is left to it', () => {
  const typed = '(: r (-> Number Number Fact))\n(r 1 2) (r 2 3) (r 3 1)\n';
  for (const [src, answered] of [
    [typed + '!(collapse (match &self (r $x $y) (r $x $y)))', 1],
    [typed + count('(match &self (r $x $y) (r $x $y))'), 1],
    [typed + '(r "s" 1)\n!(collapse (match &self (r $x $y) (r $x $y)))', 0],
  ] as const) {
    answeredAsLoop(src, answered);
  }
});

test('a collapsed match reading some of its variables: answered without the loop while the others are ground, left to it when one is not', () => {
  // (E $p $p (s $p)) has variables, yet every answer below binds $b to a number: still one pass.
  const facts = '(e 1 2) (e 2 3) (e 3 1) (E $p $p (s $p)) (F 7 $q)\n';
  for (const [form, answered] of [
    [count('(match &self (, (e $a $b) (E $b $c $st)) (got $st))'), 1],
    ['!(collapse (match &self (, (e $a $b) (E $b $c $st)) ($a $st)))', 1],
    // $y is bound to the stored variable $q: the loop hands the form to the tree-walker, and so must this.
    [count('(match &self (, (e $a $b) (F $x $y)) (got $a))'), 0],
  ] as const) {
    answeredAsLoop(facts + form, answered);
  }
});

test('a collapsed match\'s list of data is remembered as inert (not walked again as a value), one of other typed terms is not', () => {
  const cases: Array<[string, boolean]> = [
    ['(e 1 2) (e 2 3)\n!(collapse (match &self (e $x $y) (t $x $y)))', true],
    ['(: r (-> Number Number Fact))\n(r 1 2) (r 2 3)\n!(collapse (match &self (r $x $y) (r $x $y)))', true],
    // A head of a declared non-function type makes a tuple, but is not a constructor term: left to the walk.
    ['(: done Status)\n(e 1 2) (e 2 3)\n!(collapse (match &self (e $x $y) (done $x)))', false],
  ];
  for (const [src, remembered] of cases) {
    const m = new MeTTa({ engine: 'vm', print: () => {} });
    const list = m.run(src).at(-1)![0]!;
    assert.equal(list.items.length, 2, src);
    assert.equal(spaceInfo(m.space).inert.has(list), remembered, src);
    // The tree-walker agrees on the value, which is data either way.
    assert.deepEqual(runOn('vm', src + '\n!(let $l ' + src.split('\n').at(-1)!.slice(1) + ' ($l $l))').forms,
      runOn('tree', src + '\n!(let $l ' + src.split('\n').at(-1)!.slice(1) + ' ($l $l))').forms, src);
  }
});
