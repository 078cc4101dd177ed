// Runs MeTTa source on the tree-walker and returns each `!` form's results as printed text
// (running on past error results, unlike the CLI, so one test can check several errors).
import { MeTTa } from '../../src/runner/metta.js';
import { format } from '../../src/syntax/printer.js';

export function runTree(src: string): string[][] {
  const m = new MeTTa({ engine: 'tree', print: () => {} });
  return m.runReport(src, '<test>', { stopOnError: false }).forms.map((f) => f.results.map(format));
}

/** Results sorted, for comparisons where the reference leaves the order unspecified. */
export function sorted(rs: string[]): string[] {
  return [...rs].sort();
}
