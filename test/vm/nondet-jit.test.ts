// The JavaScript tier for nondeterminism (src/vm/jit/nondet.ts): gather
// regions (`collapse` bodies) compiled to JS must give the VM's results in
// the VM's order and count the same steps, whatever guard fails on the way,
// and keep the step limit where it was. Generated programs run with the tier
// on and off; METTA_FUZZ_RUNS sets the number of programs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runOn } from './helpers.js';
import { program as mixedProgram } from './gen.js';
import { jitTuning, lastRegionSource } from '../../src/vm/jit/index.js';
import { emitRegion } from '../../src/vm/jit/nondet.js';
import { NotJittable } from '../../src/vm/jit/eligible.js';
import { MeTTa } from '../../src/runner/metta.js';
import { programFor } from '../../src/vm/compiler.js';
import type { Region } from '../../src/vm/chunk.js';

const RUNS = Math.max(30, Math.floor(Number(process.env['METTA_FUZZ_RUNS'] ?? 200) / 2));

/** Runs `src` with the tier on and off: the same results in the same order, the same steps (and the tree-walker's results). */
function agree(src: string, maxSteps = 200_000, tree = false): { jitCalls: number; deopts: number; out: string } {
  const on = runOn('vm', src, maxSteps, true);
  if (tree) assert.equal(JSON.stringify(runOn('tree', src, maxSteps).forms), JSON.stringify(on.forms), src);
  const off = runOn('vm', src, maxSteps, false);
  assert.equal(JSON.stringify(on.forms), JSON.stringify(off.forms), src);
  assert.equal(on.stats.steps, off.stats.steps, `steps of\n${src}`);
  assert.equal(off.stats.jitCalls, 0);
  const out = typeof on.forms === 'string' ? on.forms : on.forms.map((f) => f.join(' ')).join(' | ');
  return { jitCalls: on.stats.jitCalls, deopts: on.stats.deopts, out };
}

const range = (k: number): string => `(${Array.from({ length: k }, (_, i) => i).join(' ')})`;

test('the nested superpose/let* search runs as one compiled region, counted', () => {
  const src = `!(let $r (collapse (let* (($a (superpose ${range(8)})) ($b (superpose ${range(8)})) ($c (superpose ${range(4)}))) ` +
    '(if (== (% (+ $a (+ $b $c)) 2) 0) ($a $b $c) (empty)))) (size-atom $r))';
  const r = agree(src);
  assert.equal(r.out, '128');
  assert.equal(r.jitCalls, 1);
  assert.equal(r.deopts, 0);
});

test('queens: a nondeterministic recursive rule, a two-clause rule on list shapes, numeric helpers', () => {
  const src = `
(= (abs-diff $a $b) (if (< $a $b) (- $b $a) (- $a $b)))
(= (safe $q $d Nil) True)
(= (safe $q $d (Cons $h $t)) (if (or (== $q $h) (== (abs-diff $q $h) $d)) False (safe $q (+ $d 1) $t)))
(= (queens $k) (if (== $k 0) Nil
  (let* (($qs (queens (- $k 1))) ($q (superpose (1 2 3 4 5))))
    (if (safe $q 1 $qs) (Cons $q $qs) (empty)))))
!(let $r (collapse (queens 5)) (size-atom $r))
!(collapse (queens 4))`;
  const r = agree(src, 200_000, true);
  // 10 solutions of 5-queens; then 4 queens on 5 columns, in the VM's order (checked by agree, and against the tree-walker).
  assert.match(r.out, /^10 \| \(\(Cons 2 \(Cons 5 \(Cons 3 \(Cons 1 Nil\)\)\)\) /);
  assert.equal(r.jitCalls, 2);
  assert.equal(r.deopts, 0);
});

test('answer order is the VM\'s: alternatives nested in tuples, lets and rule clauses', () => {
  const src = `
(= (g 0) zero)
(= (g $x) (* $x 10))
(= (g 1) one)
!(collapse (let $x (superpose (0 1 2)) (superpose ($x (g $x)))))
!(collapse ((superpose (1 2)) (superpose (a b))))
!(collapse (if (superpose (True False)) (superpose (1 2)) 3))
!(collapse (collapse (superpose (1 2))))`;
  const r = agree(src, 200_000, true);
  assert.equal(r.out, '(0 zero 0 1 10 one 2 20) | ((1 a) (1 b) (2 a) (2 b)) | (1 2 3) | ((1 2))');
  // The tuple with a nondeterministic head is the tree-walker's (a fallback): not compiled.
  assert.equal(r.jitCalls, 3);
});

test('a guard failing mid-way (a symbol or a float in arithmetic, division by zero) deopts: the VM runs the region, same answers and steps', () => {
  const src = `
!(collapse (let $x (superpose (1 2 a 3)) (+ $x 1)))
!(collapse (let $x (superpose (4 0 2)) (/ 8 $x)))
!(let $r (collapse (let $x (superpose (1 2.5 3)) (+ $x 1))) (size-atom $r))`;
  const r = agree(src);
  assert.equal(r.deopts, 3);
  assert.equal(r.jitCalls, 0);
});

test('an == operand checked only against %Undefined% is evaluated again in a region, as the VM evaluates it', () => {
  // `$v` holds `(e)` unevaluated (q's result type is Atom); `(== $v ())` evaluates it to `()`, so True.
  // The region tier once compared `(e)` itself (False); and `(quote …)` values counted fewer steps there.
  const saved = jitTuning.hot;
  jitTuning.hot = 1;
  try {
    const r = agree(`(: q (-> Atom Atom)) (= (q $x) $x) (= (e) ())
!(let $v (q (e)) (case (== $v ()) ((True a) (False b))))
!(let* (($v3 (quote (+ 1 2))) ($w $v3)) (case (== $v3 ()) ((True a) (False b))))`, 200_000, true);
    assert.equal(r.out, 'a | b');
  } finally {
    jitTuning.hot = saved;
  }
});

test('the step limit falls at the same step inside a compiled region', () => {
  const src = `!(collapse (let* (($a (superpose ${range(30)})) ($b (superpose ${range(30)}))) (+ $a $b)))`;
  for (const max of [5, 100, 899, 900, 901]) agree(src, max);
  const steps = runOn('vm', src, 100_000, true).stats.steps;
  assert.equal(steps, runOn('vm', src, 100_000, false).stats.steps);
  assert.equal(runOn('vm', src, steps - 1, true).forms, 'StepLimit');
});

test('a collapse whose list is used for more than its size is gathered, not counted', () => {
  const r = agree('!(let $r (collapse (superpose (1 2 3))) ($r (size-atom $r)))');
  assert.equal(r.out, '((1 2 3) 3)');
  assert.equal(r.jitCalls, 1);
});

test('the region compiler refuses what it cannot do exactly (space matches, side effects)', () => {
  const m = new MeTTa({ engine: 'vm', print: () => {} });
  m.run('(d 1)\n(= (h $x) (add-atom &self (d $x)))');
  const p = programFor(m.space);
  const regions = (form: string): Region[] => [...(p.compileForm(m.parse(form)[0]!)?.regions?.values() ?? [])];
  for (const f of ['(collapse (match &self (d $x) $x))', '(collapse (h 2))']) {
    const rs = regions(f);
    assert.equal(rs.length, 1, f);
    assert.throws(() => emitRegion(p, rs[0]!.body, false), NotJittable, f);
  }
  const [ok] = regions('(collapse (superpose (1 2)))');
  assert.match(emitRegion(p, ok!.body, false).source, /tick\(\); C--;/);
});

/** Nondeterministic programs over Ints, symbols and Cons lists: rules with several clauses, superpose, let*, if, tuples. */
function nexpr(vars: readonly string[], depth: number, fn: number): fc.Arbitrary<string> {
  const leaves: Array<fc.Arbitrary<string>> = [fc.integer({ min: -1, max: 4 }).map(String), fc.constantFrom('Nil', 'a', 'True', '2.5')];
  if (vars.length > 0) leaves.push(fc.constantFrom(...vars));
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const sub = (): fc.Arbitrary<string> => nexpr(vars, depth - 1, fn);
  const v = `$v${depth}`;
  const withV = (): fc.Arbitrary<string> => nexpr([...vars, v], depth - 1, fn);
  const options: Array<fc.WeightedArbitrary<string>> = [
    { weight: 3, arbitrary: leaf },
    { weight: 3, arbitrary: fc.array(fc.integer({ min: -1, max: 5 }), { minLength: 2, maxLength: 4 }).map((xs) => `(superpose (${xs.join(' ')}))`) },
    { weight: 2, arbitrary: fc.array(sub(), { minLength: 0, maxLength: 3 }).map((xs) => `(superpose (${xs.join(' ')}))`) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '%', '<', '==', 'and'), sub(), sub()).map(([o, x, y]) => `(${o} ${x} ${y})`) },
    { weight: 2, arbitrary: fc.tuple(sub(), sub(), sub()).map(([c, x, y]) => `(if ${c} ${x} ${y})`) },
    { weight: 3, arbitrary: fc.tuple(sub(), withV()).map(([x, y]) => `(let* ((${v} ${x})) ${y})`) },
    { weight: 2, arbitrary: fc.tuple(sub(), sub()).map(([x, y]) => `(Cons ${x} ${y})`) },
    { weight: 1, arbitrary: fc.tuple(sub(), sub()).map(([x, y]) => `(${x} ${y})`) },
    { weight: 1, arbitrary: fc.constantFrom('(empty)', 'Empty') },
    { weight: 1, arbitrary: sub().map((x) => `(collapse ${x})`) },
  ];
  if (fn > 0) options.push({ weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: fn - 1 }), sub(), sub()).map(([k, x, y]) => `(n${k} ${x} ${y})`) });
  // Lists as data (typed parameters may take them unevaluated), and superpose over a variable's value.
  options.push({ weight: 1, arbitrary: fc.constantFrom('(1 2)', '(a (+ 1 1))', '()', '(Cons 1 Nil)') });
  if (vars.length > 0) options.push({ weight: 1, arbitrary: fc.constantFrom(...vars).map((x) => `(superpose ${x})`) });
  return fc.oneof(...options);
}

const clause = (k: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('$x', '0', 'Nil', '(Cons $h $t)', 'a'), nexpr(['$x', '$y'], 3, k))
    .map(([p, body]) => {
      const bound = p === '(Cons $h $t)' ? body.split('$x').join('$h') : p === '$x' ? body : body.split('$x').join('1');
      return `(= (n${k} ${p} $y) ${bound})`;
    });

const nondetProgram: fc.Arbitrary<string> = fc.tuple(
  fc.array(clause(0), { minLength: 1, maxLength: 3 }),
  fc.array(clause(1), { minLength: 1, maxLength: 3 }),
  fc.array(nexpr([], 3, 2), { minLength: 1, maxLength: 3 }),
).map(([c0, c1, forms]) => [
  ...c0, ...c1,
  // A size function's call on a collapse is counted too (lean.ts), with the call's step.
  '(= (len $xs) (size-atom $xs))',
  ...forms.flatMap((f) => [`!(collapse ${f})`, `!(let $r (collapse ${f}) (size-atom $r))`, `!(len (collapse ${f}))`]),
].join('\n'));

test(`generated nondeterministic programs agree with the region tier on and off, to the step (${RUNS} programs)`, () => {
  let jitCalls = 0;
  fc.assert(fc.property(nondetProgram, fc.constantFrom(200_000, 50, 400), (src, max) => {
    jitCalls += agree(src, max).jitCalls;
  }), { numRuns: RUNS });
  assert.ok(jitCalls > RUNS / 4, `the tier ran regions (${jitCalls})`);
});

/** Declarations for the generated functions and constructors: fitting, wrong-typed, meta-typed (Atom, Expression, Symbol), custom types. */
const NONDET_TYPES = [
  '(-> Number Number Number)', '(-> Number %Undefined% Number)', '(-> Atom Number %Undefined%)', '(-> Expression %Undefined% %Undefined%)',
  '(-> %Undefined% List List)', '(-> Number Number Bool)', '(-> Symbol Atom %Undefined%)', '(-> List Number Number)', '(-> Expression Expression Number)',
  // Parametric ones (TYPARAM at run time).
  '(-> $t $t $t)', '(-> $t Number $t)', '(-> (List $t) $t Number)',
];
const typedNondetProgram: fc.Arbitrary<string> = fc.tuple(
  fc.array(fc.tuple(fc.constantFrom('n0', 'n1'), fc.constantFrom(...NONDET_TYPES)), { minLength: 1, maxLength: 2 }),
  fc.oneof(
    fc.subarray(['(: Nil List)', '(: Cons (-> Number List List))', '(: a Sym)']),
    fc.constant(['(: Nil (List $t))', '(: Cons (-> $t (List $t) (List $t)))']),
  ),
  nondetProgram,
).map(([fs, cs, rest]) => [...fs.map(([f, t]) => `(: ${f} ${t})`), ...cs, rest].join('\n'));

test(`generated typed nondeterministic programs agree with the region tier on and off, to the step (${RUNS} programs)`, () => {
  let jitCalls = 0;
  fc.assert(fc.property(typedNondetProgram, fc.constantFrom(200_000, 50, 400), (src, max) => {
    jitCalls += agree(src, max).jitCalls;
  }), { numRuns: RUNS });
  assert.ok(jitCalls > RUNS / 8, `the tier ran regions (${jitCalls})`);
});

test(`the differential test's programs, each form collapsed, agree with the region tier on and off (${RUNS} programs)`, () => {
  const saved = jitTuning.hot;
  jitTuning.hot = 1;
  try {
    let jitCalls = 0;
    fc.assert(fc.property(mixedProgram, (src) => {
      const collapsed = src.split('\n').map((l) => (l.startsWith('!') ? `!(collapse ${l.slice(1)})` : l)).join('\n');
      jitCalls += agree(collapsed).jitCalls;
    }), { numRuns: RUNS });
    assert.ok(jitCalls > 0, 'the tier ran some regions');
  } finally {
    jitTuning.hot = saved;
  }
});

/** Queens over typed Cons lists, each row's column by superpose over 1…n. */
const typedQueens = (n: number): string => `
(: Nil List)
(: Cons (-> Number List List))
(: abs-diff (-> Number Number Number))
(: safe (-> Number Number List Bool))
(: queens (-> Number List))
(= (abs-diff $a $b) (if (< $a $b) (- $b $a) (- $a $b)))
(= (safe $q $d Nil) True)
(= (safe $q $d (Cons $h $t)) (if (or (== $q $h) (== (abs-diff $q $h) $d)) False (safe $q (+ $d 1) $t)))
(= (queens $k) (if (== $k 0) Nil
  (let* (($qs (queens (- $k 1))) ($q (superpose (${Array.from({ length: n }, (_, i) => i + 1).join(' ')}))))
    (if (safe $q 1 $qs) (Cons $q $qs) (empty)))))`;

test('typed queens: typed calls and typed constructor terms in a region, one compiled region as untyped', () => {
  const src = `${typedQueens(5)}
!(let $r (collapse (queens 5)) (size-atom $r))
!(collapse (queens 4))`;
  const r = agree(src, 200_000, true);
  assert.match(r.out, /^10 \| \(\(Cons 2 \(Cons 5 \(Cons 3 \(Cons 1 Nil\)\)\)\) /);
  assert.equal(r.jitCalls, 2);
  assert.equal(r.deopts, 0);
});

test('typed queens: what a typed call checked about a list holds for the tail its callee takes apart (no check repeated)', () => {
  const src = `${typedQueens(6)}
!(let $r (collapse (queens 6)) (size-atom $r))`;
  const r = agree(src, 2_000_000, true);
  assert.equal(r.out, '4');
  assert.equal(r.deopts, 0);
  // safe is compiled for callers that proved its list argument (contract n x n x List); its recursion passes the tail on unchecked.
  const fn = /function (d\d+_2_nxnx\d+)\(s0, s1, s2\) \{([\s\S]*?)\n\}\n/.exec(lastRegionSource);
  assert.ok(fn !== null, lastRegionSource);
  assert.ok(fn[2]!.includes(`${fn[1]}(s0, `), 'the recursion keeps the contract');
  assert.ok(!/hasTy\(|ev\(/.test(fn[2]!), fn[2]);
});

test('facts taken from a typed constructor\'s signature: only ground formals, never Atom or parametric ones', () => {
  const src = `
(: Nil List)
(: Cons (-> Number List List))
(: Pair (-> List Atom Pair))
(: len (-> List Number))
(= (len Nil) 0)
(= (len (Cons $h $t)) (+ 1 (len $t)))
(: first-len (-> Pair Number))
(= (first-len (Pair $l $a)) (len $l))
(: second (-> Pair Atom))
(= (second (Pair $l $a)) $a)
(= (foo) 7)
!(collapse (let $x (superpose (1 2 3)) (len (Cons $x (Cons 2 Nil)))))
!(collapse (let $x (superpose (1 2)) (first-len (Pair (Cons $x Nil) (foo)))))
!(collapse (let $x (superpose (1 2)) (second (Pair (Cons $x Nil) (foo)))))
!(collapse (let $x (superpose (1 2)) (len (Cons $x (Cons (foo) Nil)))))
!(collapse (let $x (superpose (1 b)) (len (Cons $x Nil))))`;
  const r = agree(src, 200_000, true);
  assert.equal(r.out, '(2 2 2) | (1 1) | ((foo) (foo)) | (2 2) | (1 1)');
  assert.ok(r.jitCalls > 0);
});

test('a region in a typed function: superpose over Expression parameters passed unevaluated, each item evaluated further', () => {
  const src = `
(: even-pairs (-> Expression Expression Number))
(= (even-pairs $xs $ys) (let $r (collapse (let* (($a (superpose $xs)) ($b (superpose $ys))) (if (== (% (+ $a $b) 2) 0) ($a $b) (empty)))) (size-atom $r)))
!(even-pairs ${range(6)} ${range(5)})
!(even-pairs (1) ())
!(even-pairs (1 (+ 1 1) 3) (1 2))
(= (two) 2)
!(even-pairs ((two) 1) (2))
!(even-pairs x (2))`;
  const r = agree(src, 200_000, true);
  // The items (+ 1 1) and (two) are evaluated further, as the VM does: the region deopts and the VM runs it.
  assert.equal(r.out, '15 | 0 | 3 | 1 | 1');
  assert.ok(r.jitCalls >= 2, `compiled regions ran (${r.jitCalls})`);
  assert.ok(r.deopts >= 2, `items needing evaluation deopt (${r.deopts})`);
});

test('parametric calls in a region: the run-time type check, then the call; a failing check deopts', () => {
  const src = `
(: id2 (-> $t $t))
(= (id2 $x) $x)
!(collapse (let $x (superpose (1 a 2)) (id2 $x)))
(: Nil (List $t))
(: Cons (-> $t (List $t) (List $t)))
(: len (-> (List $t) Number))
(= (len Nil) 0)
(= (len (Cons $x $t)) (+ 1 (len $t)))
!(collapse (let $x (superpose (1 2)) (len (Cons $x (Cons 3 Nil)))))
!(collapse (let $x (superpose (1 b)) (Cons $x (Cons 3 Nil))))
!(collapse (let $x (superpose (1 "s")) (Cons $x (Cons 3 Nil))))`;
  const r = agree(src, 200_000, true);
  const forms = r.out.split(' | ');
  assert.deepEqual(forms.slice(0, 3), ['(1 a 2)', '(2 2)', '((Cons 1 (Cons 3 Nil)) (Cons b (Cons 3 Nil)))']);
  // A String item does not unify with the list's Number: the check fails, the region deopts, and the VM's slow path drops the call.
  assert.equal(forms[3], '((Cons 1 (Cons 3 Nil)))');
  assert.ok(r.jitCalls >= 2, `compiled regions ran (${r.jitCalls})`);
  assert.ok(r.deopts >= 1, `a failed check deopts (${r.deopts})`);
});

test('typed calls in a region: a wrong-typed argument deopts (the VM makes the call), meta-typed parameters take atoms as written', () => {
  const src = `
(: f (-> Number Number))
(= (f $x) (* $x 10))
(: b Bool)
!(collapse (let $x (superpose (1 b 2)) (f $x)))
!(collapse (let $x (superpose (1 2 3)) (f $x)))
(: g (-> Expression Atom Number))
(= (g $e $a) (let $y (superpose $e) (+ $y 1)))
!(collapse (g (1 2 3) (foo bar)))
!(collapse (let $x (superpose ((1 2) (3))) (g $x $x)))
!(collapse (let $x (superpose ((1 2) 3)) (g $x 1)))
(: Nil List)
(: Cons (-> Number List List))
(: h (-> List Number))
(= (h Nil) 0)
(= (h (Cons $x $t)) (+ $x (h $t)))
!(collapse (h (Cons (superpose (1 2)) (Cons 3 Nil))))
!(collapse (let $l (superpose (Nil (Cons 1 Nil) (Cons 2 (Cons 3 Nil)))) (h $l)))
!(collapse (let $l (superpose (Nil foo)) (h $l)))`;
  const r = agree(src, 200_000, true);
  const forms = r.out.split(' | ');
  // (f b) fails its type check: the VM's slow path (the tree-walker) makes it, after the region deopted.
  assert.equal(forms[0], '(10 20)');
  assert.deepEqual(forms.slice(1), ['(10 20 30)', '(2 3 4)', '(2 3 4)', '(2 3)', '(4 5)', '(0 1 5)', '(0 (h foo))']);
  assert.ok(r.jitCalls >= 5, `compiled regions ran (${r.jitCalls})`);
  assert.ok(r.deopts >= 2, `wrong-typed calls deopt (${r.deopts})`);
});

test('a constant cast to a declared result type: kept as it is in the region, or refused where the cast is an error', () => {
  const src = `
(: Nil List)
(: sy Sym)
(: f (-> Number List))
(= (f $x) Nil)
(: g (-> Number Number))
(= (g $x) sy)
!(collapse (let $x (superpose (1 2)) (f $x)))
!(collapse (let $x (superpose (1 2)) (g $x)))`;
  const r = agree(src, 200_000, true);
  assert.equal(r.out.split(' | ')[0], '(Nil Nil)');
  // g's body is a BadType error on every call: that region is left to the VM, f's runs compiled.
  assert.equal(r.jitCalls, 1);
  const m = new MeTTa({ engine: 'vm', print: () => {} });
  m.run(src);
  assert.deepEqual(m.stats.jitRefusals, { 'a region: a constant whose cast to the type asked for is an error': 1 });
});

test('a refused region is counted in stats.jitRefusals by reason, once per compile attempt', () => {
  const m = new MeTTa({ engine: 'vm', print: () => {} });
  m.run('(d 1)\n(d 2)\n(= (q) (collapse (match &self (d $x) $x)))\n!(q)\n!(q)\n!(collapse (superpose (1 2)))');
  // The region in q is compiled (and refused) once; the program is the same for both calls.
  assert.deepEqual(m.stats.jitRefusals, { 'a region: an IR node of kind match': 1 });
  assert.equal(m.stats.jitCalls, 1);
});

test('a list proven inert is not taken as inert once a rule for its head is added (the memo is per space version)', () => {
  // The first query proves every placement list inert (the memo in SpaceInfo); the rule added
  // after it makes `(Cons 1 Nil)` reducible, so the second query's lists are no longer data.
  const defs = `
(= (safe $q Nil) True)
(= (safe $q (Cons $h $t)) (if (== $q $h) False (safe $q $t)))
(= (place $k) (if (== $k 0) Nil
  (let* (($qs (place (- $k 1))) ($q (superpose (1 2 3)))) (if (safe $q $qs) (Cons $q $qs) (empty)))))`;
  const src = `${defs}
!(let $r (collapse (place 3)) (size-atom $r))
!(collapse (place 2))
!(add-atom &self (= (Cons 1 Nil) one))
!(collapse (place 2))`;
  const r = agree(src, 200_000, true);
  assert.ok(r.jitCalls >= 1, `jit calls ${r.jitCalls}`);
  assert.match(r.out, /^6 \| /);
  // After the rule, (Cons 1 Nil) evaluates to `one`, so the last query's lists differ from the second's.
  const parts = r.out.split(' | ');
  assert.notEqual(parts[3], parts[1], r.out);
});
