// Conformance runner: every reference script in ../shared/conformance/hyperon,
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
const SUITE = join(ROOT, '..', 'shared', 'conformance', 'hyperon');
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

function runScript(path: string, engine: EngineName): Check[] {
  const file = basename(path);
  const metta = new MeTTa({ engine, files: nodeFiles, print: () => {}, printErr: () => {}, maxSteps: MAX_STEPS });
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
  if (argv.some((a) => a !== '--update')) {
    process.stderr.write('usage: node dist/test/conformance/run.js [--update]\n');
    return 2;
  }
  const scripts = readdirSync(SUITE).filter((f) => f.endsWith('.metta')).sort();
  if (scripts.length === 0) {
    process.stderr.write(`no .metta scripts in ${SUITE}\n`);
    return 2;
  }
  const known = loadKnownFailures(LIST).failures;
  process.stdout.write(`conformance: ${scripts.length} scripts in ${relative(process.cwd(), SUITE) || '.'}, engines ${ENGINES.join(', ')}\n`);

  const started = performance.now();
  const run = new Map<EngineName, Check[]>(ENGINES.map((e) => [e, []]));
  for (const script of scripts) {
    for (const engine of ENGINES) run.get(engine)!.push(...runScript(join(SUITE, script), engine));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // --update rewrites the list to match this run; what is left is what no list entry can excuse.
  const list = update ? updatedList(run, known, DEFAULT_REASONS) : known;
  if (update) saveKnownFailures(LIST, list);
  const { tallies, problems } = judge(run, list);

  const totals = new Map<EngineName, { passed: number; failed: number; skipped: number }>();
  for (const script of scripts) {
    for (const engine of ENGINES) {
      const t = tallies.get(engine)?.get(script) ?? { passed: 0, failed: 0, skipped: 0 };
      const sum = totals.get(engine) ?? { passed: 0, failed: 0, skipped: 0 };
      totals.set(engine, { passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped });
      const knownNote = t.skipped > 0 ? `, ${t.skipped} known ${t.skipped === 1 ? 'failure' : 'failures'}` : '';
      const n = fallbacksPerScript.get(script);
      const fallbackNote = engine === 'vm' && n !== undefined ? `, ${n} ${n === 1 ? 'fallback' : 'fallbacks'}` : '';
      process.stdout.write(`${engine.padEnd(4)}  ${script}: ${t.passed} passed, ${t.failed} failed${knownNote}${fallbackNote}\n`);
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
    const t = totals.get(engine)!;
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
