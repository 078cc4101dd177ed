// Prints the target report again from a `--json` file, with the current
// targets: for correcting the report of a long run without timing it again.
// Usage: node dist/bench/report-from-json.js FILE
import { readFileSync } from 'node:fs';
import { Results, type Figure } from './results.js';
import { targetReport } from './targets.js';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node dist/bench/report-from-json.js FILE');
  process.exit(2);
}
const doc = JSON.parse(readFileSync(file, 'utf8')) as { figures: Figure[] };
const results = new Results();
for (const f of doc.figures) results.add(f);
console.log(targetReport(results).text);
