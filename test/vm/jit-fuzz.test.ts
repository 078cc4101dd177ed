// Random numeric programs for the JavaScript tier (src/vm/jit): functions of
// Ints and Bools calling the ones defined before them, driven by a hot tail
// loop, must give the same results and step counts with the tier on and off,
// whatever guard fails on the way (overflow, division by zero, float or Bool
// arguments, kinds the tier refuses). METTA_FUZZ_RUNS sets the number of programs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runOn } from './helpers.js';
import { jitTuning } from '../../src/vm/jit/index.js';

const RUNS = Math.max(20, Math.floor(Number(process.env['METTA_FUZZ_RUNS'] ?? 200) / 2));
const MAX_STEPS = 100_000;

jitTuning.hot = 2;

/** An Int-valued expression over `vars`, calling only f0 … f(fn-1). */
function num(vars: readonly string[], depth: number, fn: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    fc.integer({ min: -3, max: 5 }).map(String),
    fc.constantFrom('4611686018427387904', '9007199254740991', '0.5'),
    fc.constantFrom(...vars),
  );
  if (depth <= 0) return leaf;
  const n = (): fc.Arbitrary<string> => num(vars, depth - 1, fn);
  const b = (): fc.Arbitrary<string> => bool(vars, depth - 1, fn);
  const opts: Array<fc.WeightedArbitrary<string>> = [
    { weight: 3, arbitrary: leaf },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/', '%'), n(), n()).map(([o, x, y]) => `(${o} ${x} ${y})`) },
    { weight: 2, arbitrary: fc.tuple(b(), n(), n()).map(([c, x, y]) => `(if ${c} ${x} ${y})`) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('$c', '$e'), n(), fc.constantFrom(0, 1))
        .chain(([v, x, which]) => num([...vars, v], depth - 1, fn).map((body) => (which === 0 ? `(let ${v} ${x} ${body})` : `(let* ((${v} ${x})) ${body})`))),
    },
  ];
  if (fn > 0) {
    opts.push({ weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: fn - 1 }), n(), n()).map(([k, x, y]) => `(f${k} ${x} ${y})`) });
  }
  return fc.oneof(...opts);
}

function bool(vars: readonly string[], depth: number, fn: number): fc.Arbitrary<string> {
  const n = (): fc.Arbitrary<string> => num(vars, Math.max(0, depth - 1), fn);
  const leaf = fc.constantFrom('True', 'False');
  if (depth <= 0) return fc.oneof(leaf, fc.tuple(fc.constantFrom('<', '==', '>='), fc.constantFrom(...vars), fc.integer({ min: -1, max: 2 })).map(([o, v, k]) => `(${o} ${v} ${k})`));
  const b = (): fc.Arbitrary<string> => bool(vars, depth - 1, fn);
  return fc.oneof(
    leaf,
    fc.tuple(fc.constantFrom('<', '>', '<=', '>=', '=='), n(), n()).map(([o, x, y]) => `(${o} ${x} ${y})`),
    fc.tuple(fc.constantFrom('and', 'or'), b(), b()).map(([o, x, y]) => `(${o} ${x} ${y})`),
    b().map((x) => `(not ${x})`),
  );
}

const program: fc.Arbitrary<string> = fc.integer({ min: 1, max: 3 }).chain((count) => {
  const fns = Array.from({ length: count }, (_, k) => num(['$a', '$b'], 3, k).map((body) => `(= (f${k} $a $b) ${body})`));
  return fc.tuple(fc.tuple(...fns), fc.integer({ min: 0, max: count - 1 }), fc.integer({ min: 5, max: 60 }), fc.constantFrom('0', '1', '-2', '0.5', 'True'))
    .map(([defs, k, n, start]) => [
      ...defs,
      `(= (drive $i $acc) (if (<= $i 0) $acc (drive (- $i 1) (f${k} $i $acc))))`,
      `!(drive ${n} ${start})`,
      `!(drive ${n} 3)`,
      `!(f${k} 7 -2)`,
    ].join('\n'));
});

test(`random numeric programs agree with the JS tier on and off (${RUNS} programs)`, () => {
  let jitCalls = 0;
  fc.assert(fc.property(program, (src) => {
    const on = runOn('vm', src, MAX_STEPS, true);
    const off = runOn('vm', src, MAX_STEPS, false);
    assert.equal(JSON.stringify(on.forms), JSON.stringify(off.forms), src);
    assert.equal(on.stats.steps, off.stats.steps, `steps of\n${src}`);
    jitCalls += on.stats.jitCalls;
  }), { numRuns: RUNS });
  if (process.env['METTA_FUZZ_VERBOSE'] !== undefined) console.log(`${jitCalls} jit calls`);
  assert.ok(jitCalls > 0, 'the tier ran some of them');
});
