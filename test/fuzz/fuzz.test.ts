import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { program, mutatedProgram, hungryProgram } from './programs.js';
import { runCase, roundTrips, MEMORY_LIMITS } from './check.js';

const RUNS = Number(process.env['METTA_FUZZ_RUNS'] ?? 150);

test('random programs never throw out of either engine', () => {
  fc.assert(fc.property(program, (src) => assert.equal(runCase(src), null)), { numRuns: RUNS, seed: 42 });
});

test('mutated programs never throw out of the parser or either engine', () => {
  fc.assert(fc.property(mutatedProgram, (src) => assert.equal(runCase(src), null)), { numRuns: RUNS, seed: 7 });
});

test('parse, print, parse is the identity on valid programs', () => {
  fc.assert(fc.property(program, (src) => assert.equal(roundTrips(src), null)), { numRuns: RUNS * 2, seed: 3 });
});

test('memory-hungry programs stop at the budget and never throw out of either engine', () => {
  fc.assert(fc.property(hungryProgram, (src) => assert.equal(runCase(src, MEMORY_LIMITS), null)), { numRuns: Math.ceil(RUNS / 10), seed: 11 });
});
