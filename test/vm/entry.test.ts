// The VM's entry: chunks found by a form's structure, one engine and its
// stacks kept across a runner's evaluations (after errors, limits, bails,
// nested and tabled runs too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MeTTa, type MeTTaOptions } from '../../src/runner/metta.js';
import { expr, gnd, sym } from '../../src/atom/atom.js';
import { makeInt } from '../../src/atom/grounded.js';
import { StateValue } from '../../src/stdlib/spaces.js';
import { format, formatResults } from '../../src/syntax/printer.js';
import { S } from '../../src/atom/symbols.js';
import { sameForm } from '../../src/vm/form-cache.js';
import { programFor } from '../../src/vm/compiler.js';

const quiet = { print: () => {}, printErr: () => {} };

test('sameForm: equal structure and plain data; other grounded values only as the same atom', () => {
  const m = new MeTTa(quiet);
  const [a, b, c] = m.parse('(+ (f $x "s" 1.5) True) (+ (f $x "s" 1.5) True) (+ (f $x "s" 1.5) False)');
  assert.notEqual(a, b);
  assert.ok(sameForm(a!, b!));
  assert.ok(!sameForm(a!, c!));
  assert.ok(!sameForm(expr([sym('f'), makeInt(1)]), expr([sym('f'), makeInt(2)])));
  const [i, f] = m.parse('(/ 7 2) (/ 7.0 2)');
  assert.ok(!sameForm(i!, f!), 'an integer and an equal float are different code');
  const s1 = gnd(new StateValue(makeInt(1), S.numberType)), s2 = gnd(new StateValue(makeInt(1), S.numberType));
  assert.ok(!sameForm(expr([sym('get-state'), s1]), expr([sym('get-state'), s2])));
  assert.ok(sameForm(expr([sym('get-state'), s1]), expr([sym('get-state'), s1])));
});

test('an equal fresh copy of a form reuses its chunk; a rule change compiles again', () => {
  const m = new MeTTa(quiet);
  const [form] = m.parse('(+ (+ 1 2) 3)');
  assert.equal(formatResults(m.evaluate(form!)), '[6]');
  const program = programFor(m.space);
  const n = program.chunks.length;
  for (let i = 0; i < 5; i++) assert.equal(formatResults(m.evaluate(m.parse('(+ (+ 1 2) 3)')[0]!)), '[6]');
  assert.equal(program.chunks.length, n, 'no new chunk for an equal copy');
  m.run('(= (g $x) (+ $x 1))');
  const call = m.parse('(g 1)')[0]!;
  assert.equal(formatResults(m.evaluate(call)), '[2]');
  m.run('(= (g 1) 10)');
  // Both rules apply now, to the same form read again.
  assert.deepEqual(m.evaluate(m.parse('(g 1)')[0]!).map(format).sort(), ['10', '2']);
});

test('a kept VM gives right results after a step limit, an error and a bail', () => {
  const m = new MeTTa({ ...quiet, maxSteps: 2000 });
  m.run('(= (loop $n) (loop (+ $n 1))) (= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))');
  assert.throws(() => m.evaluate(m.parse('(loop 0)')[0]!), /step limit/);
  assert.equal(formatResults(m.evaluate(m.parse('(superpose (1 2 3))')[0]!)), '[1, 2, 3]');
  assert.equal(formatResults(m.evaluate(m.parse('(fib 10)')[0]!)), '[55]');
  assert.match(formatResults(m.evaluate(m.parse('(+ 1 "a")')[0]!)), /Error/);
  // println! is a side effect the VM leaves to the tree-walker.
  assert.equal(formatResults(m.evaluate(m.parse('(let $x (println! hi) (+ 1 2))')[0]!)), '[3]');
  assert.equal(formatResults(m.evaluate(m.parse('(let $x (superpose (1 2)) (* $x 10))')[0]!)), '[10, 20]');
  assert.equal(m.stats.steps > 0, true);
});

test('per-evaluation counters of a kept engine are added once to the runner', () => {
  const m = new MeTTa(quiet);
  m.run('(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))');
  m.evaluate(m.parse('(fib 12)')[0]!);
  const after1 = { ...m.stats };
  m.evaluate(m.parse('(fib 12)')[0]!);
  // The second run is answered from the table: hits grow, misses do not.
  assert.equal(m.stats.tableMisses, after1.tableMisses);
  assert.ok(m.stats.tableHits! > after1.tableHits!);
  assert.ok(m.stats.steps > after1.steps);
});

test('compileExpression and executeCompiled (the public API) compile and run one expression apart', async () => {
  const api = await import('../../src/index.js');
  const m = new api.MeTTa(quiet);
  m.run('(= (sq $x) (* $x $x))');
  const c = api.compileExpression(m.parse('(+ (sq 3) 1)')[0]!, m.space);
  assert.notEqual(c, null);
  assert.equal(formatResults(api.executeCompiled(c!, m.space)), '[10]');
  assert.equal(formatResults(api.executeCompiled(c!, m.space)), '[10]');
  const side = api.compileExpression(m.parse('(println! hi)')[0]!, m.space);
  assert.throws(() => api.executeCompiled(side!, m.space), /MeTTa#evaluate runs this form/);
  m.run('(= (sq $x) 0)');
  assert.throws(() => api.executeCompiled(c!, m.space), /space changed/);
});

test('options changed in place (as the REPL does) reach the kept engine and host', () => {
  const seen: string[] = [];
  const opts: MeTTaOptions = { engine: 'vm', print: () => {} };
  const m = new MeTTa(opts);
  m.run('(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))');
  m.run('!(fib 8)');
  const hits = m.stats.tableHits!;
  assert.ok(hits > 0, 'the VM tables fib');
  opts.engine = 'tree';
  assert.deepEqual(m.run('!(fib 8)').map((r) => formatResults(r)), ['[21]']);
  assert.equal(m.stats.tableHits, hits, 'the tree-walker ran it');
  opts.print = (line) => seen.push(line);
  m.run('!(println! switched)');
  assert.deepEqual(seen, ['switched']);
  opts.maxSteps = 50;
  assert.match(m.runReport('!(fib 15)').errors.join(), /step limit/);
});
