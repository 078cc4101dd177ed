// The checked-in list of conformance checks expected to fail. It only shrinks:
// the runner fails when a listed check passes, so a fix must remove its entry.
import { readFileSync, writeFileSync } from 'node:fs';
import type { EngineName } from '../../src/runner/engine.js';

export interface KnownFailure {
  /** Script name inside the conformance folder, e.g. `g1_docs.metta`. */
  readonly file: string;
  /** Line of the `!(assert…)` form (or of the parse error / limit that hid checks). */
  readonly line: number;
  readonly engines: readonly EngineName[];
  readonly reason: string;
}

export interface KnownFailures {
  readonly about: string;
  readonly failures: readonly KnownFailure[];
}

const ABOUT =
  'Conformance checks expected to fail (file, line of the assert, engines, reason). ' +
  'npm run conformance fails when an unlisted check fails or a listed one passes: then remove its entry. ' +
  'Regenerate from a run with: npm run build && node dist/test/conformance/run.js --update';

const ENGINE_NAMES: readonly EngineName[] = ['tree', 'vm'];

function fail(path: string, what: string): never {
  throw new Error(`${path}: ${what}`);
}

/** Reads and validates the list; a missing file is an empty list. */
export function loadKnownFailures(path: string): KnownFailures {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { about: ABOUT, failures: [] };
  }
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null || !('failures' in data) || !Array.isArray(data.failures)) {
    fail(path, 'expected an object with a "failures" array');
  }
  const failures = data.failures.map((entry: unknown, i: number): KnownFailure => {
    const where = `failures[${i}]`;
    if (typeof entry !== 'object' || entry === null) fail(path, `${where} is not an object`);
    const e = entry as Record<string, unknown>;
    const engines = e['engines'];
    if (typeof e['file'] !== 'string') fail(path, `${where}.file must be a string`);
    if (typeof e['line'] !== 'number' || !Number.isInteger(e['line'])) fail(path, `${where}.line must be an integer`);
    if (typeof e['reason'] !== 'string' || e['reason'] === '') fail(path, `${where}.reason must say why`);
    if (!Array.isArray(engines) || engines.length === 0) fail(path, `${where}.engines must list tree and/or vm`);
    const names = engines.map((x: unknown) => {
      const name = ENGINE_NAMES.find((n) => n === x);
      if (name === undefined) fail(path, `${where}.engines: unknown engine ${JSON.stringify(x)}`);
      return name;
    });
    return { file: e['file'], line: e['line'], engines: names, reason: e['reason'] };
  });
  return { about: ABOUT, failures };
}

export function saveKnownFailures(path: string, failures: readonly KnownFailure[]): void {
  const sorted = [...failures].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  writeFileSync(path, JSON.stringify({ about: ABOUT, failures: sorted }, null, 2) + '\n');
}
