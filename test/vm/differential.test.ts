// Differential property test: generated programs (rules, arithmetic, if,
// let, case, superpose/collapse, match over generated spaces) give the same
// results, as multisets per `!` form, on the tree-walker and on the VM; and
// the VM really runs them (fallbacks stay below the number of forms). The VM
// with and without its JavaScript tier agree too, to the step, and with and
// without its one-pass collapsed matches.
// METTA_FUZZ_RUNS sets the number of programs (default 200).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runOn, asMultisets } from './helpers.js';
import { program } from './gen.js';
import { jitTuning } from '../../src/vm/jit/index.js';
import { collapsedMatchTuning } from '../../src/vm/collapsed-match.js';

// Compile at the first call, so the JS tier meets every generated procedure it can take.
jitTuning.hot = 1;

const RUNS = Number(process.env['METTA_FUZZ_RUNS'] ?? 200);
const MAX_STEPS = 200_000;

test(`generated programs give the same results on both engines (${RUNS} programs)`, () => {
  let forms = 0;
  let fallbacks = 0;
  let jitCalls = 0;
  fc.assert(fc.property(program, (src) => {
    const tree = runOn('tree', src, MAX_STEPS);
    if (tree.forms === 'StepLimit') return;
    const vm = runOn('vm', src, MAX_STEPS);
    assert.equal(asMultisets(vm.forms), asMultisets(tree.forms), src);
    // The JS tier (src/vm/jit) changes nothing either, not even the step count.
    const jitless = runOn('vm', src, MAX_STEPS, false);
    assert.equal(asMultisets(jitless.forms), asMultisets(vm.forms), src);
    assert.equal(jitless.stats.steps, vm.stats.steps, src);
    // Nor does making a collapsed match of data in one pass (src/vm/collapsed-match.ts).
    collapsedMatchTuning.on = false;
    let looped;
    try {
      looped = runOn('vm', src, MAX_STEPS);
    } finally {
      collapsedMatchTuning.on = true;
    }
    assert.equal(asMultisets(looped.forms), asMultisets(vm.forms), src);
    assert.equal(looped.stats.steps, vm.stats.steps, src);
    jitCalls += vm.stats.jitCalls;
    forms += vm.formCount;
    fallbacks += vm.stats.fallbacks;
  }), { numRuns: RUNS });
  if (process.env["METTA_FUZZ_VERBOSE"] !== undefined) console.log(`${forms} forms, ${fallbacks} fallbacks, ${jitCalls} jit calls`);
  assert.ok(fallbacks < forms / 2, `the VM ran most forms itself (${fallbacks} fallbacks for ${forms} forms)`);
});
