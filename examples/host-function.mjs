// Embedding metta-vm in a Node program: register JS functions as operations,
// run a MeTTa file, and handle a program that does not run in full.
// Run it with `node examples/host-function.mjs` (after `npm ci`).
import { readFileSync } from 'node:fs';
import { MeTTa, MettaRunError, formatResults } from 'metta-vm';
import { registerHostOperations } from './host-operations.mjs';

const metta = new MeTTa({ print: (line) => console.log(line) });
registerHostOperations(metta);
const program = readFileSync(new URL('./host-function.metta', import.meta.url), 'utf8');
try {
  for (const results of metta.run(program, 'host-function.metta')) console.log(formatResults(results));
} catch (e) {
  if (!(e instanceof MettaRunError)) throw e;
  // What ran is kept; what went wrong, and what did not run, is said.
  for (const results of e.results) console.log(formatResults(results));
  console.log(`stopped (${e.kind}): ${e.message}`);
}
