// The reference's conformance scripts pass the same checks on both engines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MeTTa } from '../../src/runner/metta.js';
import { nodeFiles } from '../../src/cli/node-files.js';
import { EXPRESSION, SYMBOL, type Atom } from '../../src/atom/atom.js';
import type { EngineName } from '../../src/runner/engine.js';

const DIR = join(process.cwd(), '..', 'shared', 'conformance', 'hyperon');

function isAssert(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0]!.kind === SYMBOL && a.items[0]!.name.startsWith('assert');
}

/** Passed and failed checks of one file, counted as `metta test` does. */
export function checks(path: string, engine: EngineName): { passed: number; failed: number; fallbacks: number } {
  const m = new MeTTa({ engine, files: nodeFiles, print: () => {} });
  m.baseDir = dirname(path);
  const report = m.runReport(readFileSync(path, 'utf8'), path, { stopOnError: false });
  let passed = 0;
  let failed = report.errors.length;
  for (const f of report.forms) {
    if (!isAssert(f.source)) continue;
    if (f.results.length > 0 && f.results.every((r) => r.kind === EXPRESSION && r.items.length === 0)) passed++;
    else failed++;
  }
  return { passed, failed, fallbacks: m.stats.fallbacks };
}

test('conformance scripts: the same pass count on both engines', { skip: !existsSync(DIR) }, () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.metta')).sort();
  let tree = 0;
  let vm = 0;
  for (const f of files) {
    const path = join(DIR, f);
    const t = checks(path, 'tree');
    const v = checks(path, 'vm');
    assert.deepEqual({ passed: v.passed, failed: v.failed }, { passed: t.passed, failed: t.failed }, f);
    tree += t.passed;
    vm += v.passed;
  }
  assert.equal(vm, tree);
  assert.ok(vm > 0);
});
