// Typed MeTTa on the VM: calls of functions with declared types run compiled
// (no fallback), tabled and through the JS tier like untyped ones, and give
// the tree-walker's results, type errors included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeTTa } from '../../src/runner/metta.js';
import { format } from '../../src/syntax/printer.js';
import type { EngineName, EngineStats } from '../../src/runner/engine.js';

function run(src: string, engine: EngineName = 'vm', jit = true): { forms: string[][]; stats: EngineStats } {
  const m = new MeTTa({ engine, jit, print: () => {} });
  const r = m.runReport(src, '<typed>', { stopOnError: false });
  assert.deepEqual(r.errors, []);
  return { forms: r.forms.map((f) => f.results.map((a) => format(a))), stats: m.stats };
}

/** The VM (with and without the JS tier) gives the tree-walker's results. */
function same(src: string): EngineStats {
  const vm = run(src);
  assert.deepEqual(vm.forms, run(src, 'tree').forms, 'the tree-walker disagrees');
  assert.deepEqual(run(src, 'vm', false).forms, vm.forms, 'the JS tier changed the results');
  return vm.stats;
}

const FIB = '(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))';

test('typed fib is tabled like untyped fib, without a fallback', () => {
  const untyped = run(`${FIB} !(fib 30)`);
  const typed = run(`(: fib (-> Number Number)) ${FIB} !(fib 30)`);
  assert.deepEqual(typed.forms, [['832040']]);
  assert.equal(typed.stats.fallbacks, 0);
  assert.equal(typed.stats.tableHits, untyped.stats.tableHits);
  assert.equal(typed.stats.tableMisses, untyped.stats.tableMisses);
});

test('a typed tail loop runs in the JS tier', () => {
  const src = '(: loop (-> Number Number Number)) (= (loop $i $acc) (if (== $i 0) $acc (loop (- $i 1) (+ $acc 2)))) !(loop 100000 0)';
  const r = run(src);
  assert.deepEqual(r.forms, [['200000']]);
  assert.equal(r.stats.fallbacks, 0);
  assert.ok(r.stats.jitCalls >= 1, `jit calls: ${r.stats.jitCalls}`);
});

test('wrong-typed calls give the reference errors on both engines', () => {
  const stats = same(`
    (: f (-> Number Number)) (= (f $x) (+ $x 1))
    (: B Bool)
    !(f 1) !(f "a") !(f 1 2) !(f B) !(let $y "s" (f $y)) !(+ (f 1 2) 1)
    (: k (-> Number Bool)) (= (k $x) (> $x 1))
    !(+ (k 3) 1) !(if (k 3) yes no)`);
  assert.ok(stats.fallbacks <= 4, `fallbacks: ${stats.fallbacks}`);
});

test('meta-typed parameters take their arguments unevaluated', () => {
  const stats = same(`
    (: g (-> Atom Number)) (= (g $x) 1)
    (: h (-> Expression Expression)) (= (h $x) $x)
    (: q (-> Atom Atom)) (= (q $x) $x)
    !(g (undefined-thing)) !(h (+ 1 2)) !(let $y (1 2) (h $y)) !(let $y 3 (h $y)) !(+ 1 (g (+ 1 2)))`);
  assert.ok(stats.fallbacks <= 2, `fallbacks: ${stats.fallbacks}`);
});

test('typed constructors and functions over them', () => {
  const stats = same(`
    (: Cons (-> Number List List)) (: Nil List)
    (: len (-> List Number))
    (= (len Nil) 0)
    (= (len (Cons $x $xs)) (+ 1 (len $xs)))
    !(Cons 1 (Cons 2 Nil)) !(Cons a Nil) !(len (Cons 1 (Cons 2 Nil))) !(len 5)`);
  assert.ok(stats.fallbacks <= 2, `fallbacks: ${stats.fallbacks}`);
});

test('fallbacks are counted by reason', () => {
  const r = run('(: f (-> Number Number)) (= (f $x) $x) !(let $y "a" (f $y))');
  assert.equal(r.stats.fallbacks, 1);
  assert.deepEqual(r.stats.fallbackReasons, { 'a typed call that fails its type check': 1 });
});

test('values built by typed constructors are not evaluated again', () => {
  const src = `
    (: Nil List) (: Cons (-> Number List List))
    (: build (-> Number List)) (= (build $n) (if (== $n 0) Nil (Cons $n (build (- $n 1)))))
    (: len (-> List Number)) (= (len Nil) 0) (= (len (Cons $x $xs)) (+ 1 (len $xs)))
    (: keep (-> List List)) (= (keep $l) $l)
    !(len (build 50)) !(keep (build 3)) !(let $l (Cons a Nil) (keep $l))`;
  const stats = same(src);
  assert.ok(stats.fallbacks <= 1, `fallbacks: ${stats.fallbacks}`);
});

test('add-atom inside let* runs on the VM; an added rule restarts the form on the tree-walker', () => {
  const stats = same(`
    (= (addK $K) (if (== $K 0) done (let* (($m (% $K 10)) ($t (add-atom &self (r $K $m)))) (addK (- $K 1)))))
    !(addK 100) !(collapse (match &self (r 7 $y) $y))
    !(superpose ((add-atom &self (s 1)) (add-atom &self (s 2)))) !(collapse (match &self (s $z) $z))`);
  assert.equal(stats.fallbacks, 0);
  // As the form's last act the added rule is harmless; with an alternative still to run it restarts the form.
  const last = run('!(add-atom &self (= (newf) 5)) !(newf)');
  assert.deepEqual(last.forms, [['()'], ['5']]);
  assert.equal(last.stats.fallbacks, 0);
  const r = run('!(superpose ((add-atom &self (= (newg) 5)) (+ 1 2))) !(newg)');
  assert.deepEqual(r.forms, [['()', '3'], ['5']]);
  assert.deepEqual(r.stats.fallbackReasons, { 'the whole form, after: an add-atom changed the rules or types': 1 });
});

test('a constructor term bound to a variable passes or fails its argument check as on the tree-walker', () => {
  const src = `
    (: Nil List) (: Cons (-> Number List List)) (: Leaf Tree) (: Node (-> Tree Tree Tree)) (: Flag (-> Bool List List))
    (: len (-> List Number)) (= (len Nil) 0) (= (len (Cons $x $xs)) (+ 1 (len $xs))) (= (len (Flag $b $xs)) (len $xs))
    (: both (-> List List Number)) (= (both $a $b) (+ (len $a) (len $b)))
    !(let $l (Cons 1 (Cons 2 Nil)) (both $l $l))
    !(let $l (Flag True (Cons 2 Nil)) (len $l))
    !(let $t (Node Leaf Leaf) (len $t))
    !(let $l (Cons 1 (Node Leaf Leaf)) (len $l))
    !(let $l (Cons a Nil) (len $l))
    !(let* (($l (Cons 1 Nil)) ($m (Cons 2 $l))) (both $m $l))`;
  const stats = same(src);
  assert.deepEqual(run(src).forms.slice(0, 2), [['4'], ['1']]);
  assert.ok(stats.fallbacks <= 3, `fallbacks: ${stats.fallbacks}`);
});

test('a symbol value is type-checked the same way every time it is passed or returned', () => {
  const src = `
    (: Nil List) (: Leaf Tree) (: Cons (-> Number List List))
    (: len (-> List Number)) (= (len Nil) 0) (= (len (Cons $x $xs)) (+ 1 (len $xs)))
    (: pick (-> Number List)) (= (pick $x) (if (> $x 0) Nil Leaf))
    (: lens (-> List List Number)) (= (lens $a $b) (+ (len $a) (len $b)))
    !(let $l Nil (lens $l $l)) !(let $l Leaf (len $l)) !(let $l Leaf (len $l))
    !(pick 1) !(pick 0) !(pick 0) !(let $l (pick 1) (len $l)) !(let $l (Cons 1 Nil) (lens $l $l))`;
  const stats = same(src);
  assert.deepEqual(run(src).forms[0], ['0']);
  assert.ok(stats.fallbacks <= 4, `fallbacks: ${stats.fallbacks}`);
});

test('a tuple headed by a typed call, and lists of typed constructor terms, stay on the VM', () => {
  const src = `
    (: prime? (-> Number Bool)) (= (prime? $n) (> $n 1))
    (: mk (-> Number (-> Number Number))) (= (mk $n) +)
    (: r (-> Number Number Fact)) (r 1 2) (r 2 3)
    (= (len $xs) (size-atom $xs)) (= (all) (collapse (match &self (r $x $y) (r $x $y))))
    !((prime? 5) (prime? 1)) !((prime? "a") (prime? 3)) !((mk 1) 2 3)
    !(let $l (all) (len $l)) !(all) !(let $l (all) ((r 9 9) $l))`;
  const stats = same(src);
  assert.deepEqual(run(src).forms.slice(0, 1), [['(True False)']]);
  assert.ok(stats.fallbacks <= 2, `fallbacks: ${stats.fallbacks}`);
});

test('tuples headed by a symbol of a declared data type, or by deeper lists, evaluate to themselves on both engines', () => {
  const src = `
    (: done Status) (: go (-> Number Status)) (: f (-> Number Number))
    (= (pair $n) (if (== $n 0) done ((pair (- $n 1)) (pair (- $n 1)))))
    (= (twice $x) ($x $x))
    !(pair 3) !(twice (done done)) !(let $t (pair 2) (twice $t)) !(twice ((done (f 1)) x)) !(let $t (go done) (twice $t))`;
  const stats = same(src);
  assert.deepEqual(run(src).forms[1], ['((done done) (done done))']);
  assert.ok(stats.fallbacks <= 1, `fallbacks: ${stats.fallbacks}`);
});

const LIST = `
  (: Nil (List $t)) (: Cons (-> $t (List $t) (List $t)))
  (: len (-> (List $t) Number))
  (= (len Nil) 0) (= (len (Cons $x $xs)) (+ 1 (len $xs)))
  (: rev (-> (List $t) (List $t) (List $t)))
  (= (rev Nil $acc) $acc) (= (rev (Cons $x $xs) $acc) (rev $xs (Cons $x $acc)))
  (: upto (-> Number (List Number) (List Number)))
  (= (upto $n $acc) (if (== $n 0) $acc (upto (- $n 1) (Cons $n $acc))))`;

test('parametric functions run on the VM with their type variables unified per call', () => {
  const stats = same(`${LIST} !(len (upto 30 Nil)) !(rev (upto 3 Nil) Nil) !(len (rev (upto 20 Nil) Nil))`);
  assert.equal(stats.fallbacks, 0);
});

test('parametric calls that do not type-check give the reference errors', () => {
  same(`${LIST} !(len (Cons 1 (Cons "x" Nil))) !(rev (Cons 1 Nil) (Cons "s" Nil)) !(let $y "s" (len (Cons 1 (Cons $y Nil))))
    (: id (-> $t $t)) (= (id $x) $x) !(id 3) !(+ 1 (id 2)) !(let $v a (id $v))`);
});

test('get-type and several declared types are answered on the VM as on the tree-walker', () => {
  const stats = same(`${LIST} (: h (-> Number Number)) (: h (-> String String)) (= (h $x) $x)
    !(get-type (Cons 1 Nil)) !(get-type (len Nil)) !(get-type 5) !(h 1) !(h "s") !(h a)
    (: Green Color) !(Green 1)`);
  assert.ok(stats.fallbacks <= 2, `fallbacks: ${stats.fallbacks}`);
});
