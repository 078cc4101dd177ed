import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTree, sorted } from './helpers.js';

test('rules reduce, unknown calls stay as they are with reduced arguments', () => {
  assert.deepEqual(runTree('(= (f 1) a) !(f 1) !(f 2) !(g (+ 1 2))'), [['a'], ['(f 2)'], ['(g 3)']]);
});

test('every matching rule gives a result; arguments combine as a product', () => {
  const r = runTree('(= (bin) 0) (= (bin) 1) !(bin) !(pair (bin) (bin))');
  assert.deepEqual(sorted(r[0]!), ['0', '1']);
  assert.deepEqual(sorted(r[1]!), ['(pair 0 0)', '(pair 0 1)', '(pair 1 0)', '(pair 1 1)']);
});

test('Empty results vanish and abort the enclosing call', () => {
  assert.deepEqual(runTree('!(empty) !(foo (empty)) !(let $x (empty) OK)'), [[], [], []]);
});

test('errors are dropped when another alternative succeeds', () => {
  const r = runTree('(= (f) (Error f oops)) (= (f) ok) !(f) (= (g) (Error g oops)) !(g)');
  assert.deepEqual(r, [['ok'], ['(Error g oops)']]);
});

test('argument types are checked during evaluation', () => {
  const r = runTree('!(+ 2 "S") (: Z Nat) (: S (-> Nat Nat)) (: Add (-> Nat Nat Nat)) !(Add S Z) !(+ 1 a)');
  assert.deepEqual(r, [
    ['(Error (+ 2 "S") (BadArgType 2 Number String))'],
    ['(Error (Add S Z) (BadArgType 1 Nat (-> Nat Nat)))'],
    ['(+ 1 a)'],
  ]);
});

test('Atom-typed parameters are not evaluated', () => {
  const r = runTree('(: q (-> Atom Atom)) (= (q $x) $x) !(q (+ 1 2)) !(quote (+ 1 2)) !(unquote (quote (+ 1 2)))');
  assert.deepEqual(r, [['(+ 1 2)'], ['(quote (+ 1 2))'], ['3']]);
});

test('arithmetic: integer division truncates, floats promote, division by zero is an error', () => {
  const r = runTree('!(/ 7 2) !(/ -7 2) !(+ 1 2.5) !(* 2.0 2) !(/ 5 0) !(% 7 3) !(== 1 1.0)');
  assert.deepEqual(r, [['3'], ['-3'], ['3.5'], ['4.0'], ['(Error (/ 5 0) DivisionByZero)'], ['1'], ['True']]);
});

test('integers stay exact past 2^53', () => {
  assert.deepEqual(runTree('!(+ 9007199254740993 2) !(* 3037000499 3037000499)'), [['9007199254740995'], ['9223372030926249001']]);
});

test('let, let*, case, switch, collapse, superpose', () => {
  const r = runTree(`
    !(let ($a $b) (1 2) (+ $a $b))
    !(let* (($x 1) ($y (+ $x 1))) (* $y 10))
    !(case (+ 1 1) ((1 one) (2 two) ($_ many)))
    !(case (empty) ((Empty none) ($_ some)))
    !(switch (a b) (((a $x) $x)))
    !(collapse (superpose (1 2 3)))
    !(superpose ((+ 1 1) x))`);
  assert.deepEqual(r.slice(0, 6), [['3'], ['20'], ['two'], ['none'], ['b'], ['(1 2 3)']]);
  assert.deepEqual(sorted(r[6]!), ['2', 'x']);
});

test('match queries the space, conjunctions thread bindings', () => {
  const r = runTree(`(edge a b) (edge b c) (edge b d)
    !(match &self (, (edge a $x) (edge $x $y)) $y)
    !(match &self (edge z $x) $x)`);
  assert.deepEqual(sorted(r[0]!), ['c', 'd']);
  assert.deepEqual(r[1], []);
});

test('space and state operations', () => {
  const r = runTree(`
    !(bind! &s (new-space))
    !(add-atom &s (fact 1))
    !(match &s (fact $x) $x)
    !(remove-atom &s (fact 1))
    !(match &s (fact $x) $x)
    !(bind! &st (new-state 1))
    !(change-state! &st 2)
    !(get-state &st)`);
  assert.deepEqual(r, [['()'], ['()'], ['1'], ['()'], [], ['()'], ['(State 2)'], ['2']]);
});

test('variables of the caller can be bound by the callee', () => {
  assert.deepEqual(runTree('(= (eq $x $x) T) !(eq $y 5) !(let $r (eq $z 7) ($r $z))'), [['T'], ['(T 7)']]);
});

test('deep non-tail recursion does not use the JS stack', () => {
  const r = runTree('(= (sum-to $n) (if (== $n 0) 0 (+ $n (sum-to (- $n 1))))) !(sum-to 100000)');
  assert.deepEqual(r, [['5000050000']]);
});

test('a tail-recursive loop of 1,000,000 steps runs in constant stack', () => {
  const r = runTree('(= (loop $n $acc) (if (== $n 0) $acc (loop (- $n 1) (+ $acc 1)))) !(loop 1000000 0)');
  assert.deepEqual(r, [['1000000']]);
});

test('a loop that binds a local variable every step keeps its bindings small', () => {
  const r = runTree('(= (count $n) (if (== $n 0) done (let $m (- $n 1) (count $m)))) !(count 50000)');
  assert.deepEqual(r, [['done']]);
});

test('a grounded JS function that throws becomes an Error atom', async () => {
  const { MeTTa } = await import('../../src/runner/metta.js');
  const { operation } = await import('../../src/stdlib/operation.js');
  const { sym } = await import('../../src/atom/atom.js');
  const { format } = await import('../../src/syntax/printer.js');
  const m = new MeTTa({ engine: 'tree' });
  const boom = operation('boom', sym('%Undefined%'), () => { throw new Error('kaboom'); });
  const r = m.evaluate((await import('../../src/atom/atom.js')).expr([boom, sym('x')]));
  assert.deepEqual(r.map(format), ['(Error (boom x) "kaboom")']);
});

test('the run stops at the first error result, as the reference runner does', async () => {
  const { MeTTa } = await import('../../src/runner/metta.js');
  const r = new MeTTa({ engine: 'tree' }).runReport('!(+ 1 1) !(assertEqual 1 2) !(+ 2 2)');
  assert.equal(r.forms.length, 2);
  assert.equal(r.stopped, true);
  assert.deepEqual(r.notRun.map((f) => f.line), [1]);
});

test('step, time and result limits stop a run with a clear error and keep earlier results', async () => {
  const { MeTTa } = await import('../../src/runner/metta.js');
  const prog = '!(+ 1 2) (= (loop) (loop)) !(loop)';
  for (const opts of [{ maxSteps: 50_000 }, { timeoutMs: 200 }]) {
    const m = new MeTTa({ engine: 'tree', ...opts });
    const r = m.runReport(prog);
    assert.deepEqual(r.forms.map((f) => f.results.map(String)), [['3']]);
    assert.match(r.errors[0] ?? '', /<string>:1:28: (step|time) limit/);
    assert.deepEqual(m.run('!(* 2 3)').map((x) => x.map(String)), [['6']], 'the runner stays usable');
  }
  const m = new MeTTa({ engine: 'tree', maxResults: 3 });
  const r = m.runReport('(= (nat $n) $n) (= (nat $n) (nat (+ $n 1))) !(nat 0)');
  assert.match(r.errors[0] ?? '', /result limit of 3 exceeded/);
});

test('expressions nested 100,000 levels are stored, matched and evaluated', () => {
  let s = 'x';
  for (let i = 0; i < 100_000; i++) s = `(f ${s})`;
  const r = runTree(`(nest ${s}) !(match &self (nest $x) ok) !(let $y (nest ${s}) done)`);
  assert.deepEqual(r, [['ok'], ['done']]);
});

test('an atom size limit stops a result that grows too large, on both engines', async () => {
  const { MeTTa } = await import('../../src/runner/metta.js');
  for (const engine of ['tree', 'vm'] as const) {
    const m = new MeTTa({ engine, maxAtomSize: 1000 });
    const r = m.runReport('(= (grow $x $n) (if (== $n 0) $x (grow ($x $x) (- $n 1)))) !(grow a 5) !(grow a 12)');
    assert.equal(r.forms.length, 1, engine);
    assert.match(r.errors[0] ?? '', /atom size limit of 1000 nodes exceeded/, engine);
  }
});
