// Judges a conformance run against the known-failures list: per-engine tallies,
// and the problems that fail the suite. Pure, so its rules are unit-tested.
import type { EngineName } from '../../src/runner/engine.js';
import type { KnownFailure } from './known-failures.js';

/** One check of one engine: an `!(assert…)` form, or a parse error / limit / crash that hid checks. */
export interface Check {
  /** Script name, e.g. `a1_symbols.metta`. */
  readonly file: string;
  readonly line: number;
  readonly passed: boolean;
  /** What it returned, as printed. */
  readonly results: string;
  readonly source: string;
}

export interface Tally {
  passed: number;
  /** Unexpected outcomes: unlisted failures, and listed checks that now pass. */
  failed: number;
  /** Listed in known-failures.json and still failing. */
  skipped: number;
}

export interface Verdict {
  /** Per engine, per script. */
  readonly tallies: ReadonlyMap<EngineName, ReadonlyMap<string, Tally>>;
  readonly problems: readonly string[];
}

export const checkKey = (file: string, line: number): string => `${file}:${line}`;
const clip = (s: string, n = 400): string => (s.length <= n ? s : s.slice(0, n) + '…');
// `$x#123` and `GroundingSpace-0x1f40`: fresh-variable numbers and space ids differ
// between engines without meaning anything.
const normalise = (s: string): string => s.replace(/#\d+/g, '#').replace(/GroundingSpace-0x[0-9a-f]+/g, 'GroundingSpace-0x');

export function judge(run: ReadonlyMap<EngineName, readonly Check[]>, known: readonly KnownFailure[]): Verdict {
  const listed = new Map<string, KnownFailure>();
  for (const k of known) listed.set(checkKey(k.file, k.line), k);
  const problems: string[] = [];
  const tallies = new Map<EngineName, Map<string, Tally>>();
  const byEngine = new Map<EngineName, Map<string, Check>>();

  for (const [engine, checks] of run) {
    const perFile = new Map<string, Tally>();
    const byKey = new Map<string, Check>();
    tallies.set(engine, perFile);
    byEngine.set(engine, byKey);
    for (const c of checks) {
      const k = checkKey(c.file, c.line);
      byKey.set(k, c);
      let t = perFile.get(c.file);
      if (t === undefined) perFile.set(c.file, (t = { passed: 0, failed: 0, skipped: 0 }));
      const expectedToFail = listed.get(k)?.engines.includes(engine) ?? false;
      if (c.passed && !expectedToFail) t.passed++;
      else if (!c.passed && expectedToFail) t.skipped++;
      else {
        t.failed++;
        problems.push(c.passed
          ? `${engine} ${k}: listed in known-failures.json but now passes: remove its entry`
          : `${engine} ${k}: ${clip(c.source, 200)}\n    got ${clip(c.results)}`);
      }
    }
  }

  // The engines must agree on every check, failing ones included, unless an
  // entry names the one engine that fails there.
  const engines = [...byEngine.keys()];
  for (let i = 1; i < engines.length; i++) {
    const [e0, e1] = [engines[0]!, engines[i]!];
    const a = byEngine.get(e0)!, b = byEngine.get(e1)!;
    for (const k of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(k), y = b.get(k);
      if (x !== undefined && y !== undefined && x.passed === y.passed && normalise(x.results) === normalise(y.results)) continue;
      if ((listed.get(k)?.engines.length ?? 0) === 1) continue;
      const show = (c: Check | undefined): string => (c === undefined ? '(no such check)' : clip(c.results));
      problems.push(`engines disagree at ${k}:\n    ${e0}: ${show(x)}\n    ${e1}: ${show(y)}`);
    }
  }

  for (const k of known) {
    for (const engine of k.engines) {
      const checks = byEngine.get(engine);
      if (checks !== undefined && !checks.has(checkKey(k.file, k.line))) {
        problems.push(`known-failures.json lists ${checkKey(k.file, k.line)} for ${engine}, but no check is there: remove or move the entry`);
      }
    }
  }
  return { tallies, problems };
}

/**
 * The list this run would need: every failing check, with the reason of its
 * existing entry, else the default for its script, else what it returned.
 */
export function updatedList(
  run: ReadonlyMap<EngineName, readonly Check[]>,
  known: readonly KnownFailure[],
  defaultReasons: Readonly<Record<string, string>>,
): KnownFailure[] {
  const prior = new Map<string, KnownFailure>();
  for (const k of known) prior.set(checkKey(k.file, k.line), k);
  const entries = new Map<string, KnownFailure>();
  for (const [engine, checks] of run) {
    for (const c of checks) {
      if (c.passed) continue;
      const k = checkKey(c.file, c.line);
      const seen = entries.get(k);
      const reason = seen?.reason ?? prior.get(k)?.reason ?? defaultReasons[c.file] ?? `unexplained: got ${clip(c.results, 160)}`;
      entries.set(k, { file: c.file, line: c.line, engines: [...(seen?.engines ?? []), engine], reason });
    }
  }
  return [...entries.values()];
}
