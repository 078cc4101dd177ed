// Conformance runner: every reference script in ../shared/conformance/hyperon, and
// our translations of hyperon's own unit tests (test/conformance/hyperon-unit-*),
// through both engines. Each `!(assert…)` is one check, passing iff it returns
// exactly [()]. Fails on an unlisted failure, on a listed check that passes
// (the list only shrinks), and wherever the engines disagree (see judge.ts).
//   node dist/test/conformance/run.js [--update]
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MeTTa } from '../../src/runner/metta.js';
import type { EngineName } from '../../src/runner/engine.js';
import { format, formatResults } from '../../src/syntax/printer.js';
import { nodeFiles } from '../../src/cli/node-files.js';
import { checkPassed, isCheck } from '../../src/cli/checks.js';
import { classifyRunError } from '../../src/cli/run-errors.js';
import { loadKnownFailures, saveKnownFailures } from './known-failures.js';
import { judge, updatedList, type Check } from './judge.js';

const ENGINES: readonly EngineName[] = ['tree', 'vm'];
// The compiled file is dist/test/conformance/run.js; the list stays in the source tree.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** A folder of check files. Checks of the reference scripts are keyed by file name, the rest by `suite/file`. */
interface Suite {
  readonly name: string;
  readonly dir: string;
  readonly prefix: string;
}
const UNIT_DIR = join(ROOT, 'test', 'conformance');
const SUITES: readonly Suite[] = [
  { name: 'hyperon', dir: join(ROOT, '..', 'shared', 'conformance', 'hyperon'), prefix: '' },
  ...readdirSync(UNIT_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith('hyperon-unit-'))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, dir: join(UNIT_DIR, name), prefix: `${name}/` })),
];
const LIST = join(ROOT, 'test', 'conformance', 'known-failures.json');
// A safety net, not a limit any script comes near (~5 s of evaluation per form):
// a regression that loops forever must fail the suite, not hang CI.
const MAX_STEPS = 50_000_000;
// Reasons --update gives new entries whose cause is known in advance.
const DEFAULT_REASONS: Readonly<Record<string, string>> = {
  'g1_docs.metta':
    'stale upstream: calls (get-doc X) but the reference stdlib has (get-doc space atom); hyperon CI does not run it (REFERENCE-NOTES fact 10)',
};

/** VM fallbacks to the tree-walker per script (the VM's coverage of the reference scripts). */
const fallbacksPerScript = new Map<string, number>();

function sumFallbacks(prefix: string, files: readonly string[]): number {
  return files.reduce((n, f) => n + (fallbacksPerScript.get(prefix + f) ?? 0), 0);
}

/** `--jitless`: the VM runs without its JavaScript tier (src/vm/jit). */
let jit = true;

function runScript(path: string, engine: EngineName, prefix: string): Check[] {
  const file = prefix + basename(path);
  const metta = new MeTTa({ engine, files: nodeFiles, print: () => {}, printErr: () => {}, maxSteps: MAX_STEPS, jit });
  metta.baseDir = dirname(path);
  const checks: Check[] = [];
  try {
    const report = metta.runReport(readFileSync(path, 'utf8'), path, { stopOnError: false });
    for (const f of report.forms) {
      if (!isCheck(f.source)) continue;
      checks.push({ file, line: f.line, passed: checkPassed(f.results), results: formatResults(f.results), source: format(f.source) });
    }
    // A parse error or a step limit hides the checks after it: it is a failed check of its own.
    for (const e of report.errors.map(classifyRunError)) {
      checks.push({ file, line: e.line, passed: false, results: e.message.split('\n')[0] ?? '', source: `(${e.kind} error)` });
    }
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    checks.push({ file, line: 0, passed: false, results: `internal error: ${message}`, source: '(whole script)' });
  }
  if (engine === 'vm') fallbacksPerScript.set(file, metta.stats.fallbacks);
  return checks;
}

function main(argv: readonly string[]): number {
  const update = argv.includes('--update');
  jit = !argv.includes('--jitless');
  if (argv.some((a) => a !== '--update' && a !== '--jitless')) {
    process.stderr.write('usage: node dist/test/conformance/run.js [--update] [--jitless]\n');
    return 2;
  }
  const scripts = SUITES.map((suite) => ({
    suite,
    files: readdirSync(suite.dir).filter((f) => f.endsWith('.metta')).sort(),
  }));
  for (const { suite, files } of scripts) {
    if (files.length === 0) {
      process.stderr.write(`no .metta scripts in ${suite.dir}\n`);
      return 2;
    }
  }
  const known = loadKnownFailures(LIST).failures;
  const described = scripts.map(({ suite, files }) => `${suite.name} (${files.length})`).join(', ');
  process.stdout.write(`conformance: suites ${described}, engines ${ENGINES.join(', ')}\n`);

  const started = performance.now();
  const run = new Map<EngineName, Check[]>(ENGINES.map((e) => [e, []]));
  for (const { suite, files } of scripts) {
    for (const script of files) {
      for (const engine of ENGINES) run.get(engine)!.push(...runScript(join(suite.dir, script), engine, suite.prefix));
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // --update rewrites the list to match this run; what is left is what no list entry can excuse.
  const list = update ? updatedList(run, known, DEFAULT_REASONS) : known;
  if (update) saveKnownFailures(LIST, list);
  const { tallies, problems } = judge(run, list);

  type Sum = { passed: number; failed: number; skipped: number };
  const add = (a: Sum, b: Sum): Sum => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped });
  const zero: Sum = { passed: 0, failed: 0, skipped: 0 };
  const knownNote = (t: Sum): string => (t.skipped > 0 ? `, ${t.skipped} known ${t.skipped === 1 ? 'failure' : 'failures'}` : '');
  const totals = new Map<EngineName, Sum>();
  const suiteTotals = new Map<string, Sum>();
  for (const { suite, files } of scripts) {
    for (const script of files) {
      for (const engine of ENGINES) {
        const t = tallies.get(engine)?.get(suite.prefix + script) ?? zero;
        totals.set(engine, add(totals.get(engine) ?? zero, t));
        const key = `${engine} ${suite.name}`;
        suiteTotals.set(key, add(suiteTotals.get(key) ?? zero, t));
        const n = fallbacksPerScript.get(suite.prefix + script);
        const fallbackNote = engine === 'vm' && n !== undefined ? `, ${n} ${n === 1 ? 'fallback' : 'fallbacks'}` : '';
        process.stdout.write(`${engine.padEnd(4)}  ${suite.prefix}${script}: ${t.passed} passed, ${t.failed} failed${knownNote(t)}${fallbackNote}\n`);
      }
    }
  }
  process.stdout.write('\n');
  for (const { suite, files } of scripts) {
    for (const engine of ENGINES) {
      const t = suiteTotals.get(`${engine} ${suite.name}`) ?? zero;
      const n = engine === 'vm' ? sumFallbacks(suite.prefix, files) : undefined;
      const fallbackNote = n !== undefined ? `, ${n} ${n === 1 ? 'fallback' : 'fallbacks'}` : '';
      process.stdout.write(`${engine.padEnd(4)}  suite ${suite.name}: ${t.passed} passed, ${t.failed} failed${knownNote(t)}${fallbackNote}\n`);
    }
  }

  if (update) process.stdout.write(`updated ${relative(process.cwd(), LIST)}: ${list.length} ${list.length === 1 ? 'entry' : 'entries'}\n`);
  if (problems.length > 0) {
    process.stdout.write(`\n${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}:\n`);
    for (const p of problems) process.stdout.write(`  ${p}\n`);
    process.stdout.write('\n');
  }
  let passed = 0, failed = 0, skipped = 0;
  const allFallbacks = [...fallbacksPerScript.values()].reduce((x, y) => x + y, 0);
  for (const engine of ENGINES) {
    const t = totals.get(engine) ?? zero;
    process.stdout.write(`${engine}: ${t.passed} passed, ${t.failed} failed${engine === 'vm' ? `, ${allFallbacks} fallbacks` : ''}\n`);
    passed += t.passed;
    failed += t.failed;
    skipped += t.skipped;
  }
  process.stdout.write(`known failures: ${skipped} skipped (${list.length} listed in test/conformance/known-failures.json); ${seconds} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
