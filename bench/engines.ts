// How the suite drives the project: through the public MeTTa runner, one per
// engine, with output discarded. Atoms are parsed with the standard token
// table, so `+` is the grounded operation exactly as in a `!` form.
import { MeTTa } from '../src/runner/metta.js';
import type { EngineName } from '../src/runner/engine.js';
import type { Atom } from '../src/atom/atom.js';
import { parseAtom } from '../src/syntax/parser.js';
import { format } from '../src/syntax/printer.js';
import { standardTokens } from '../src/stdlib/index.js';
import { defaultMaxMemoryMiB, nodeHeapProbe } from '../src/cli/node-memory.js';

export const ENGINES: readonly EngineName[] = ['tree', 'vm'];

/**
 * A configuration a program is timed on: an engine, the VM with tabling
 * off (JS tier on), or the bytecode VM alone (tabling and JS tier off).
 */
export type Tier = EngineName | 'vm-untabled' | 'vm-bytecode';

export const ENGINE_TITLE: Record<Tier, string> = {
  tree: 'Tree-Walker', vm: 'VM', 'vm-untabled': 'VM, tabling off', 'vm-bytecode': 'VM bytecode only',
};

export function newRunner(tier: Tier): MeTTa {
  const engine: EngineName = tier === 'tree' ? 'tree' : 'vm';
  const tabling = tier === 'vm' || tier === 'tree';
  // With the memory budget and heap probe the CLI runs with, so figures include their cost.
  return new MeTTa({
    engine, tabling, jit: tier !== 'vm-bytecode', print: () => {}, printErr: () => {},
    maxMemory: defaultMaxMemoryMiB(), heapProbe: nodeHeapProbe,
  });
}

const tokens = standardTokens();

export function parse(source: string): Atom {
  return parseAtom(source, tokens);
}

export function formatAll(atoms: readonly Atom[]): string[] {
  return atoms.map(format);
}

/**
 * Runs a program on a runner and returns the results of its `!` forms,
 * formatted; throws when it does not parse or stops early (an error result).
 */
export function runChecked(m: MeTTa, source: string, what: string): string[][] {
  const report = m.runReport(source, what);
  if (report.errors.length > 0) throw new Error(`${what}: ${report.errors.join('; ')}`);
  if (report.stopped) {
    const last = report.forms[report.forms.length - 1];
    throw new Error(`${what}: stopped at an error result ${last === undefined ? '' : formatAll(last.results).join(', ')}`);
  }
  return report.forms.map((f) => formatAll(f.results));
}
