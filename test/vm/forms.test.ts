// Each compiled form and instruction, checked against expected results and
// against the tree-walker, with the VM path actually taken (no fallbacks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOn, asMultisets, vmResults } from './helpers.js';

interface Case {
  readonly name: string;
  readonly src: string;
  /** Expected results per `!` form (as multisets), when given. */
  readonly expect?: string[][];
  /** True when the VM must run it without any fallback. */
  readonly native?: boolean;
}

const CASES: Case[] = [
  { name: 'CONST / RET', src: '!(foo bar)', expect: [['(foo bar)']], native: true },
  { name: 'ARITH', src: '!(+ 1 2) !(- 1 5) !(* 6 7) !(/ 7 2) !(% -7 2) !(/ 7.0 2)', expect: [['3'], ['-4'], ['42'], ['3'], ['-1'], ['3.5']], native: true },
  { name: 'ARITH division by zero', src: '!(/ 5 0)', expect: [['(Error (/ 5 0) DivisionByZero)']], native: true },
  { name: 'ARITH i64 wrap', src: '!(+ 9223372036854775807 1) !(* 3037000500 3037000500)', expect: [['-9223372036854775808'], ['-9223372036709301616']], native: true },
  { name: 'CMP / EQ', src: '!(< 1 2) !(>= 1 2) !(== 1 1.0) !(== a a)', expect: [['True'], ['False'], ['True'], ['True']], native: true },
  { name: 'LOGIC / NOT', src: '!(and True False) !(or True False) !(not False)', expect: [['False'], ['True'], ['True']], native: true },
  { name: 'non-numbers leave the call', src: '(= (f) foo) !(+ (f) 1)', expect: [['(+ foo 1)']], native: true },
  { name: 'if', src: '!(if (< 1 2) yes no) !(if (> 1 2) yes no)', expect: [['yes'], ['no']], native: true },
  { name: 'IF_TEST: no rule applies', src: '(= (c) maybe) !(if (c) yes no)', expect: [['(if maybe yes no)']], native: true },
  { name: 'let / MATCH', src: '!(let $x 5 (+ $x 1)) !(let (a $y) (a 2) $y) !(let 3 4 x)', expect: [['6'], ['2'], []], native: true },
  { name: 'let*', src: '!(let* (($a 1) ($b (+ $a 1))) (* $a $b))', expect: [['2']], native: true },
  { name: 'CALL / rules', src: '(= (fact $n) (if (== $n 0) 1 (* $n (fact (- $n 1))))) !(fact 10)', expect: [['3628800']], native: true },
  { name: 'TAILCALL', src: '(= (loop $n) (if (== $n 0) done (loop (- $n 1)))) !(loop 1000)', expect: [['done']], native: true },
  { name: 'chain of eval (arithmetic, comparison)', src: '!(chain (eval (+ 1 2)) $x (r $x)) !(chain (eval (< 1 2)) $b $b) !(chain (chain (eval (* 2 3)) $a (eval (- $a 1))) $b (res $b))', expect: [['(r 3)'], ['True'], ['(res 5)']], native: true },
  { name: 'chain: eval of a division by zero is its Error', src: '!(chain (eval (/ 1 0)) $r $r)', expect: [['(Error (/ 1 0) DivisionByZero)']], native: true },
  { name: 'chain: eval on a non-number (the tree-walker runs the form)', src: '!(chain (eval (+ 1 a)) $r $r)', expect: [['(chain (eval (+ 1 a)) $r $r)']] },
  {
    name: 'unify: then with the bindings, else as written; a NotReducible result gives the call',
    src: '!(unify (pair 1 2) (pair $a $b) ($b $a) nope) !(unify (pair 1 2) (pair $a) ($a) nope) !(unify 1 2 1 Empty) !(unify 1 1 NotReducible 0)',
    expect: [['(2 1)'], ['nope'], [], ['(unify 1 1 NotReducible 0)']], native: true,
  },
  {
    name: 'minimal procedures: (chain (eval (f …)) $r $r) runs each rule body; no rule is NotReducible',
    src: '(= (f 1) one) (= (f 1) uno) (= (f 2) (chain (eval (+ 2 3)) $x (foo $x))) (= (g $x) (chain (eval (* $x 2)) $y (chain (eval (f $y)) $z $z))) '
      + '!(chain (eval (f 1)) $r $r) !(chain (eval (g 1)) $r $r) !(chain (eval (f 3)) $r $r)',
    expect: [['one', 'uno'], ['(foo 5)'], ['(chain (eval (f 3)) $r $r)']],
  },
  {
    name: 'a minimal-MeTTa loop (chain, unify, eval; tail calls of a minimal procedure)',
    src: '(= (div $x $y $acc) (chain (eval (- $x $y)) $r1 (chain (eval (< $r1 0)) $r2 (chain (unify $r2 True $acc '
      + '(chain (eval (+ 1 $acc)) $inc (chain (eval (div $r1 $y $inc)) $r4 $r4))) $r3 $r3)))) !(chain (eval (div 3500 5 0)) $rr $rr) !(+ 1 (chain (eval (div 10 5 0)) $q $q))',
    expect: [['700'], ['3']], native: true,
  },
  { name: 'chain: a template that reuses the variable of a chain inside it is malformed (the tree-walker makes the error)', src: '!(chain (eval (+ 1 1)) $a (chain (eval (+ $a 1)) $a $a))' },
  {
    name: 'superpose over plain constants (one list choice point)',
    src: '!(let $x (superpose (1 2 a 2)) ($x $x)) !(+ 10 (superpose (1 2 3))) !(collapse (let* (($a (superpose (0 1))) ($b (superpose (x y)))) ($a $b)))',
    expect: [['(1 1)', '(2 2)', '(a a)', '(2 2)'], ['11', '12', '13'], ['((0 x) (0 y) (1 x) (1 y))']], native: true,
  },
  {
    name: 'rule choice points only where a later rule could match',
    src: '(= (len Nil) 0) (= (len (Cons $h $t)) (+ 1 (len $t))) !(len (Cons a (Cons b Nil))) (= (k $x) one) (= (k a) two) !(k a) !(k b)',
    expect: [['2'], ['one', 'two'], ['one']], native: true,
  },
  {
    name: 'tuples with an expression head: items evaluated, then the tuple called',
    src: '(= (f) +) (= (g) foo) (= (foo $x) (bar $x)) (= (nd) (superpose (1 2))) !((f) 1 2) !((g) (+ 1 2)) !((empty) 1) !((nd) (nd)) !((p 5) (p 7))',
    expect: [['3'], ['(bar 3)'], [], ['(1 1)', '(1 2)', '(2 1)', '(2 2)'], ['((p 5) (p 7))']],
  },
  {
    name: 'a tree of data returned by a rule evaluates to itself on the VM (tuple with an expression head at any depth)',
    src: '(= (t $n) (if (== $n 0) done ((t (- $n 1)) (t (- $n 1))))) !(t 3) !(((a b) c) d) (= (k) (((a b) c) d)) !(k)',
    expect: [['(((done done) (done done)) ((done done) (done done)))'], ['(((a b) c) d)'], ['(((a b) c) d)']], native: true,
  },
  {
    name: 'a tree of data headed by a rule call or an Empty is still evaluated',
    src: '(= (f) x) (= (k) (((f) b) c)) !(k) (= (e) (((Empty) b) c)) !(e) (= ((a b) c) hit) (= (h) (((a b) c) d)) !(h)',
    expect: [['((x b) c)'], [], ['(hit d)']],
  },
  {
    name: 'the assert family collapses its arguments on the VM',
    src: '(= (sq $x) (* $x $x)) !(assertEqual (sq 3) 9) !(assertEqualToResult (superpose (1 2)) (2 1)) !(assertAlphaEqual (sq 2) (sq -2)) !(assertEqualMsg (sq 2) 5 wrong)',
    expect: [['()'], ['()'], ['()'], ['(Error (assertEqualMsg (sq 2) 5) wrong)']],
  },
  {
    // Collapsed, `Error` is the tuple (Error): bound as chain binds it, not an Error that aborts the assert.
    name: 'the assert family compares results that start with the symbol Error',
    src: '!(assertEqual Error Error) !(assertEqualToResult (case 1 ((1 Error))) (Error)) !(assertEqual (superpose (Error a)) (superpose (a Error)))',
    expect: [['()'], ['()'], ['()']],
  },
  {
    name: 'errors held back by an argument filter come out in the order they arose',
    src: '(= (g) (not 1)) (= (g) 1) (= (g) (not 2)) !(collapse (not (g)))',
    expect: [['((Error (not 1) (BadArgType 1 Bool Number)) (Error 1 (BadType Bool Number)) (Error (not 2) (BadArgType 1 Bool Number)))']],
  },
  { name: 'several rules (choice point)', src: '(= (c) red) (= (c) green) !(c)', expect: [['green', 'red']], native: true },
  { name: 'head patterns', src: '(= (len Nil) 0) (= (len (Cons $h $t)) (+ 1 (len $t))) !(len (Cons a (Cons b Nil)))', expect: [['2']], native: true },
  { name: 'repeated head variable', src: '(= (same $x $x) yes) !(same 1 1) !(same 1 2)', expect: [['yes'], ['(same 1 2)']], native: true },
  { name: 'ALTS (superpose)', src: '!(superpose (1 (+ 1 1) 3))', expect: [['1', '2', '3']], native: true },
  { name: 'SPLIT (superpose of a variable)', src: '!(let $l (1 2) (superpose $l))', expect: [['1', '2']], native: true },
  { name: 'GATHER (collapse)', src: '!(collapse (superpose (3 1 2)))', expect: [['(3 1 2)']], native: true },
  { name: 'collapse keeps only errors when nothing else', src: '!(collapse (/ 1 (superpose (0 0))))', native: true },
  { name: 'BAR filter drops errors beside values', src: '!(g (/ 6 (superpose (0 2 3))))', expect: [['(g 3)', '(g 2)']], native: true },
  { name: 'BAR filter keeps errors alone', src: '!(g (/ 6 (superpose (0 0))))', native: true },
  { name: 'CHECK_ARG: Empty argument drops the call', src: '!(g (empty)) !(g (superpose ()))', expect: [[], []], native: true },
  { name: 'CHECK_ARG: Error argument aborts', src: '!(g (Error x y))', expect: [['(Error x y)']], native: true },
  { name: 'case / CASE_VALUES', src: '!(case (+ 1 2) ((3 three) ($x other))) !(case (empty) ((Empty none))) !(case 5 ((1 one)))', expect: [['three'], ['none'], []], native: true },
  { name: 'MATCH_SPACE', src: '(d 1) (d 2) (d (q 3)) !(match &self (d $x) (w $x))', expect: [['(w 1)', '(w 2)', '(w (q 3))']], native: true },
  { name: 'quote / BUILD', src: '!(let $x 1 (quote (+ $x 2)))', expect: [['(quote (+ 1 2))']], native: true },
  { name: 'EVAL_SLOT re-evaluates substituted code', src: '(= (unq (quote $x)) $x) !(unq (quote (+ 1 2)))', expect: [['3']] },
  { name: 'RETCHK/TYCHK slow path', src: '(= (f $x) (+ $x 1)) !(f 2) !(f a) !(f "s")', expect: [['3'], ['(+ a 1)'], ['(Error (+ "s" 1) (BadArgType 1 Number String))']] },
  { name: 'FALLBACK for grounded operations', src: '!(size-atom (a b c))', expect: [['3']] },
  { name: 'typed functions fall back', src: '(: tf (-> Number Number)) (= (tf $x) (+ $x 1)) !(tf 1) !(tf "s")' },
];

for (const c of CASES) {
  test(c.name, () => {
    const tree = runOn('tree', c.src);
    const vm = runOn('vm', c.src);
    assert.equal(asMultisets(vm.forms), asMultisets(tree.forms), 'same results as the tree-walker');
    if (c.expect !== undefined) assert.equal(asMultisets(vm.forms), asMultisets(c.expect));
    if (c.native === true) assert.equal(vm.stats.fallbacks, 0, 'ran on the VM');
  });
}

test('collapse keeps the order of results', () => {
  const { forms } = vmResults('(= (p) (superpose (1 2))) !(collapse (+ (p) (superpose (10 20))))');
  assert.deepEqual(forms, [['(11 21 12 22)']]);
});

test('compiled rules are cached and recompiled after the space changes', () => {
  const src = '(= (f) 1) !(f) (= (f) 2) !(f)';
  const { forms, stats } = vmResults(src);
  assert.deepEqual(forms.map((f) => [...f].sort()), [['1'], ['1', '2']]);
  assert.equal(stats.fallbacks, 0);
});

test('a lone symbol or number stored in the space leaves if, let and case compiled, with the tree-walker\'s results', () => {
  const src = 'x\n7\n!(case (empty) ((Empty (car-atom (1 2)))))\n!(let $x (car-atom (3 4)) (+ $x 1))\n!(if True (car-atom (5 6)) 0)\n';
  const vm = runOn('vm', src);
  assert.deepEqual(vm.forms, runOn('tree', src).forms);
  assert.deepEqual(vm.forms, [['1'], ['4'], ['5']]);
  assert.equal(vm.stats.fallbacks, 0);
});

test('a user rule or type for a special form\'s dependency (or an atom that could be one) gives the tree-walker\'s results', () => {
  // Each of these makes the compiled special forms stand down (SpaceInfo.specialsIntact), so the
  // library's rules and the user's atom both apply, as on the tree-walker.
  const probe = '!(if True 1 2) !(let $x 3 (+ $x 1)) !(car-atom (5 6)) !(quote (a b))';
  for (const extra of ['(= (if $c $a $b) over)', '(: car-atom (-> Atom Number))', '(= ($f $x) seen)', '(= (quote $x) q)',
    '(= (let $v $x $b) mine)', '(= ($f $a $b $c) three)', '$x']) {
    const src = `${extra}\n${probe}`;
    assert.deepEqual(asMultisets(runOn('vm', src).forms), asMultisets(runOn('tree', src).forms), src);
  }
  // Data, and rules of other heads, leave them compiled.
  const plain = '(foo bar)\n(= (f $x) $x)\n(: g (-> Number Number))\n' + probe;
  const vm = runOn('vm', plain);
  assert.deepEqual(vm.forms, runOn('tree', plain).forms);
  assert.equal(vm.stats.fallbacks, 0);
});
