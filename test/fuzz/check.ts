// One fuzz case: a program must run on both engines within the limits without
// any exception escaping the runner, and valid programs must print and parse
// back to themselves.
import { MeTTa } from '../../src/runner/metta.js';
import type { EngineName } from '../../src/runner/engine.js';
import { Parser } from '../../src/syntax/parser.js';
import { format } from '../../src/syntax/printer.js';
import { literalTokens } from '../../src/syntax/tokens.js';
import { nodeHeapProbe } from '../../src/cli/node-memory.js';

export const LIMITS = { maxSteps: 20_000, timeoutMs: 2_000, maxResults: 2_000 } as const;
/** Memory-hungry programs run with no step limit: the budget (or the clock) must stop them. */
export const MEMORY_LIMITS = { timeoutMs: 3_000, maxMemory: 8, heapProbe: nodeHeapProbe } as const;
const ENGINES: EngineName[] = ['tree', 'vm'];

/** Runs `src` on both engines; returns a description of the failure, or null. */
export function runCase(src: string, limits: typeof LIMITS | typeof MEMORY_LIMITS = LIMITS): string | null {
  for (const engine of ENGINES) {
    const started = Date.now();
    try {
      new MeTTa({ engine, print: () => {}, printErr: () => {}, ...limits }).runReport(src, '<fuzz>', { stopOnError: false });
    } catch (e) {
      return `${engine}: uncaught ${(e as Error).stack ?? String(e)}`;
    }
    // Each `!` form has its own time limit; a whole program may take at most a few of them.
    if (Date.now() - started > 30_000) return `${engine}: ran past the time limits`;
  }
  return null;
}

/** parse → print → parse gives the same atoms (only for programs that parse). */
export function roundTrips(src: string): string | null {
  const tokens = literalTokens();
  const first: string[] = [];
  try {
    const p = new Parser(src, '<fuzz>');
    for (let f = p.next(tokens); f !== null; f = p.next(tokens)) first.push((f.exec ? '!' : '') + format(f.atom));
  } catch {
    return null;
  }
  const again: string[] = [];
  const p2 = new Parser(first.join('\n'), '<printed>');
  for (let f = p2.next(tokens); f !== null; f = p2.next(tokens)) again.push((f.exec ? '!' : '') + format(f.atom));
  return first.join('\n') === again.join('\n') ? null : `round trip changed:\n${first.join('\n')}\n--\n${again.join('\n')}`;
}
