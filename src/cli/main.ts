// The `metta` command: run files, run check files, print results like hyperon.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MeTTa } from '../runner/metta.js';
import { formatResults } from '../syntax/printer.js';
import { nodeFiles } from './node-files.js';
import { isErrorAtom } from '../interp/values.js';
import { format } from '../syntax/printer.js';
import { S } from '../atom/symbols.js';
import { EXPRESSION } from '../atom/atom.js';

const USAGE = `usage: metta FILE            run a MeTTa file and print each ! form's results
       metta test FILE...   run check files: every !(assert...) is one check`;

function readSource(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    process.stderr.write(`metta: cannot read ${path}: ${(e as Error).message}\n`);
    return null;
  }
}

function runFile(path: string): number {
  const src = readSource(path);
  if (src === null) return 2;
  const out: string[] = [];
  const m = new MeTTa({ files: nodeFiles, print: (s) => out.push(s) });
  m.baseDir = dirname(path);
  const report = m.runReport(src, path);
  // hyperon prints println! output during the run and the results after it.
  for (const line of out) process.stdout.write(line + '\n');
  for (const f of report.forms) process.stdout.write(formatResults(f.results) + '\n');
  for (const e of report.errors) process.stderr.write(e + '\n');
  return report.errors.length > 0 ? 1 : 0;
}

function isAssert(a: import('../atom/atom.js').Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0]!.kind === 0 && a.items[0]!.name.startsWith('assert');
}

function runTests(paths: string[]): number {
  let passed = 0;
  let failed = 0;
  for (const path of paths) {
    const src = readSource(path);
    if (src === null) {
      failed++;
      continue;
    }
    const m = new MeTTa({ files: nodeFiles, print: () => {} });
    m.baseDir = dirname(path);
    const report = m.runReport(src, path, { stopOnError: false });
    let p = 0;
    let f = 0;
    const failures: string[] = [];
    for (const form of report.forms) {
      if (!isAssert(form.source)) continue;
      const ok = form.results.length > 0 && form.results.every((r) => r.kind === EXPRESSION && r.items.length === 0);
      if (ok) p++;
      else {
        f++;
        failures.push(`  line ${form.line}: ${format(form.source).slice(0, 200)}\n    got ${formatResults(form.results).slice(0, 400)}`);
      }
    }
    f += report.errors.length;
    process.stdout.write(`${path}: ${p} passed, ${f} failed\n`);
    for (const x of failures) process.stdout.write(x + '\n');
    for (const e of report.errors) process.stdout.write('  ' + e.split('\n').join('\n  ') + '\n');
    passed += p;
    failed += f;
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

export function main(argv: string[]): number {
  const args = argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(USAGE + '\n');
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === 'test') return runTests(args.slice(1));
  return runFile(args[0]!);
}

void isErrorAtom;
void S;
process.exitCode = main(process.argv);
