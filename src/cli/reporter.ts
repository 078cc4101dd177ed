// What a command does with the events of its session: print them, and decide
// the exit code. One implementation per command (run-command, test-command).
import type { ExitCode } from './exit-codes.js';
import type { SessionEvent } from './session.js';

export interface Reporter {
  event(e: SessionEvent): void;
  /** The session was stopped from outside (--timeout) while `file` was running. */
  stopped(reason: string, file: string | null): void;
  /** Called once, after the last event. */
  finish(): ExitCode;
}

export interface Stats {
  readonly steps: number;
  readonly fallbacks: number;
  readonly fallbackReasons: Readonly<Record<string, number>>;
  readonly tableHits: number;
  readonly tableMisses: number;
  readonly jitCalls: number;
  readonly deopts: number;
  /** Compile attempts the JS tiers gave up, by reason (a line each, after the fallback reasons). */
  readonly jitRefusals?: Readonly<Record<string, number>>;
  readonly ms: number;
}

export function formatStats(engine: string, s: Stats): string {
  // Only the VM falls back (to the tree-walker, for what it cannot compile yet).
  const fallbacks = engine === 'vm' ? `, ${s.fallbacks} ${s.fallbacks === 1 ? 'fallback' : 'fallbacks'} to the tree-walker` : '';
  // Calls the JS tier answered (src/vm/jit), and how many it gave back to the VM.
  const jit = engine === 'vm' ? `, ${s.jitCalls} jit ${s.jitCalls === 1 ? 'call' : 'calls'}, ${s.deopts} ${s.deopts === 1 ? 'deopt' : 'deopts'}` : '';
  const tabled = s.tableHits + s.tableMisses > 0 ? `, tabled calls: ${s.tableHits} answered from tables, ${s.tableMisses} evaluated` : '';
  // Then one line per fallback reason, the most frequent first; then why the JS tier left a region or procedure to the VM.
  const byCount = (rs: Readonly<Record<string, number>>, prefix: string): string =>
    Object.entries(rs).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r, n]) => `\n  ${prefix}${n} × ${r}`).join('');
  const reasons = engine === 'vm' ? byCount(s.fallbackReasons, '') + byCount(s.jitRefusals ?? {}, 'JS tier refused: ') : '';
  return `stats: engine ${engine}, ${s.steps} steps${fallbacks}${jit}${tabled}, ${s.ms.toFixed(1)} ms${reasons}`;
}
