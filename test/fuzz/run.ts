// `npm run fuzz -- --seconds N`: runs random and mutated programs until the time is up
// and reports how many cases were tried and every failure found (with its program).
import fc from 'fast-check';
import { program, mutatedProgram, hungryProgram } from './programs.js';
import { runCase, roundTrips, MEMORY_LIMITS } from './check.js';

const argv = process.argv.slice(2);
const i = argv.indexOf('--seconds');
const seconds = i >= 0 ? Number(argv[i + 1]) : 60;
const deadline = Date.now() + seconds * 1000;
let tried = 0;
const failures: string[] = [];
const seed = Date.now() % 1_000_000;
const gen = fc.oneof(program, mutatedProgram);
while (Date.now() < deadline) {
  for (const src of fc.sample(gen, { numRuns: 20, seed: seed + tried })) {
    tried++;
    const f = runCase(src) ?? roundTrips(src);
    if (f !== null) failures.push(`--- program:\n${src}\n--- failure:\n${f}`);
  }
  // One in twenty-one cases grows without end, for the memory budget.
  for (const src of fc.sample(hungryProgram, { numRuns: 1, seed: seed + tried })) {
    tried++;
    const f = runCase(src, MEMORY_LIMITS);
    if (f !== null) failures.push(`--- program:\n${src}\n--- failure:\n${f}`);
  }
}
for (const f of failures) process.stdout.write(f + '\n');
process.stdout.write(`fuzz: ${tried} cases in ${seconds}s (seed ${seed}), ${failures.length} failures\n`);
process.stdout.write(`${tried - failures.length} passed, ${failures.length} failed\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
