// Differential property test: generated programs (rules, arithmetic, if,
// let, case, superpose/collapse, match over generated spaces) give the same
// results, as multisets per `!` form, on the tree-walker and on the VM; and
// the VM really runs them (fallbacks stay below the number of forms).
// METTA_FUZZ_RUNS sets the number of programs (default 200).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runOn, asMultisets } from './helpers.js';
import { program } from './gen.js';

const RUNS = Number(process.env['METTA_FUZZ_RUNS'] ?? 200);
const MAX_STEPS = 200_000;

test(`generated programs give the same results on both engines (${RUNS} programs)`, () => {
  let forms = 0;
  let fallbacks = 0;
  fc.assert(fc.property(program, (src) => {
    const tree = runOn('tree', src, MAX_STEPS);
    if (tree.forms === 'StepLimit') return;
    const vm = runOn('vm', src, MAX_STEPS);
    assert.equal(asMultisets(vm.forms), asMultisets(tree.forms), src);
    forms += vm.formCount;
    fallbacks += vm.stats.fallbacks;
  }), { numRuns: RUNS });
  if (process.env["METTA_FUZZ_VERBOSE"] !== undefined) console.log(`${forms} forms, ${fallbacks} fallbacks`);
  assert.ok(fallbacks < forms / 2, `the VM ran most forms itself (${fallbacks} fallbacks for ${forms} forms)`);
});
