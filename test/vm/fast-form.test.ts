// The one-pass compiler path (fast-form.ts) against the general one and the
// tree-walker: every chunk it writes passes the verifier with the stack depth
// it counted, and gives the same results, on hand-picked and generated forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MeTTa } from '../../src/runner/metta.js';
import { format } from '../../src/syntax/printer.js';
import { programFor } from '../../src/vm/compiler.js';
import { fastFormChunk } from '../../src/vm/fast-form.js';
import { spaceInfo } from '../../src/vm/space-info.js';
import { verifyChunk } from '../../src/vm/verify.js';
import { Vm, Bail } from '../../src/vm/vm.js';

const quiet = { print: () => {}, printErr: () => {} };
const vmRunner = new MeTTa({ ...quiet, engine: 'vm' });
const treeRunner = new MeTTa({ ...quiet, engine: 'tree' });
const vm = new Vm(() => {
  throw new Bail('no fallback in this test');
});

/** null when the one-pass path did not take the form; else what both paths and the tree-walker gave. */
function compare(source: string): { fast: string; general: string; tree: string } | null {
  const form = vmRunner.parse(source)[0]!;
  const program = programFor(vmRunner.space);
  const fast = fastFormChunk(form, spaceInfo(vmRunner.space));
  if (fast === null) return null;
  const v = verifyChunk(fast);
  assert.deepEqual(v.errors, [], `${source}: verifier`);
  assert.equal(fast.maxStack, v.maxStack, `${source}: stack depth`);
  const general = program.compileGeneral(form);
  assert.notEqual(general, null, `${source}: the general path compiles it too`);
  // Results, and the steps they took (a step limit stops both paths at the same point).
  const run = (c: NonNullable<typeof general>): string => {
    vm.prepare(program, Infinity, null);
    const rs = vm.run(program.register(c)).map(format).sort().join(' ');
    return `${rs} in ${vm.steps} steps`;
  };
  const tree = treeRunner.evaluate(treeRunner.parse(source)[0]!).map(format).sort().join(' ');
  const f = run(fast), g = run(general!);
  assert.equal(f, g, `${source}: one-pass and general chunks`);
  return { fast: f.replace(/ in \d+ steps$/, ''), general: g.replace(/ in \d+ steps$/, ''), tree };
}

test('hand-picked forms: taken or left, and equal when taken', () => {
  const taken = [
    '(+ (+ (+ 1 0) 1) 2)', '(not (or (and True True) False))', '(if (< 0 5) 0 (if (< 1 5) 1 0))', '(superpose (0 1 2))',
    '(superpose (a "s" 1.5 True))', '(superpose ())', '(superpose (x))', '(quote (+ 1 2))', '(+ (/ 1 0) (- 2 (* 3 4)))',
    '(if (> 1 2) a b)', '(if True Empty 3)', '(* 1.5 (- 2 7))', '(% 7 (- 2 2))', '(if (< (/ 1 0) 2) a b)',
  ];
  for (const s of taken) {
    const r = compare(s);
    assert.notEqual(r, null, `${s} is taken`);
    assert.equal(r!.fast, r!.general, s);
    assert.equal(r!.fast, r!.tree, s);
  }
  for (const s of ['(+ True 1)', '(and 1 2)', '(+ $x 1)', '(== 1 1)', '(if 1 a b)', '(superpose ((+ 1 2) 3))', '(foo 1)', '(if (+ 1 2) a b)', '(if True NotReducible 1)']) {
    assert.equal(compare(s), null, `${s} is left to the general path`);
  }
});

const num = fc.oneof(fc.integer({ min: -3, max: 9 }).map(String), fc.constantFrom('1.5', '0.0', '-2.5'));
const bool = fc.constantFrom('True', 'False');
const { numExpr, boolExpr } = fc.letrec((tie) => ({
  numExpr: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    num, num,
    fc.tuple(fc.constantFrom('+', '-', '*', '/', '%'), tie('numExpr'), tie('numExpr')).map(([o, a, b]) => `(${o} ${a} ${b})`),
    fc.tuple(fc.constantFrom('+', '*'), tie('boolExpr'), tie('numExpr')).map(([o, a, b]) => `(${o} ${a} ${b})`)),
  boolExpr: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    bool, bool,
    fc.tuple(fc.constantFrom('and', 'or'), tie('boolExpr'), tie('boolExpr')).map(([o, a, b]) => `(${o} ${a} ${b})`),
    tie('boolExpr').map((a) => `(not ${a})`),
    fc.tuple(fc.constantFrom('<', '>', '<=', '>='), tie('numExpr'), tie('numExpr')).map(([o, a, b]) => `(${o} ${a} ${b})`)),
}));
const { tailForm } = fc.letrec((tie) => ({
  tailForm: fc.oneof({ depthSize: 'small' },
    numExpr, boolExpr,
    fc.tuple(boolExpr, fc.oneof(tie('tailForm'), num, fc.constantFrom('a', 'Empty')), fc.oneof(tie('tailForm'), num, bool))
      .map(([c, t, e]) => `(if ${c} ${t} ${e})`),
    fc.array(fc.oneof(num, bool, fc.constantFrom('a', 'b', '"s"')), { maxLength: 6 }).map((xs) => `(superpose (${xs.join(' ')}))`),
    numExpr.map((x) => `(quote ${x})`)),
}));

test('generated forms: the one-pass chunk gives what the general chunk and the tree-walker give', () => {
  let taken = 0;
  fc.assert(fc.property(tailForm, (s) => {
    const r = compare(s.startsWith('(') ? s : `(superpose (${s}))`);
    if (r === null) return;
    taken++;
    assert.equal(r.fast, r.general, s);
    assert.equal(r.fast, r.tree, s);
  }), { numRuns: 400, seed: 12 });
  assert.ok(taken >= 100, `only ${taken} generated forms took the one-pass path`);
});

test('purity marks: a user rule for a symbol the library calls marks the library functions that call it', () => {
  const m = new MeTTa({ engine: 'vm' });
  const filterAtom = m.parse('filter-atom')[0]!;
  assert.equal(spaceInfo(m.space).impure.has(filterAtom), false);
  // filter-atom's body calls if-decons-expr: a user's impure rule for it makes filter-atom impure too.
  m.run('(= (if-decons-expr $e $h $t $then $else) (println! overridden))');
  assert.equal(spaceInfo(m.space).impure.has(filterAtom), true);
  // A rule for a symbol no library body mentions leaves the library's marks as they were.
  const m2 = new MeTTa({ engine: 'vm' });
  m2.run('(= (shout $x) (println! $x))');
  const info = spaceInfo(m2.space);
  assert.equal(info.impure.has(m2.parse('shout')[0]!), true);
  assert.equal(info.impure.has(filterAtom), false);
});
