// What the runner needs from an execution tier. Both the tree-walker and the
// bytecode VM implement it, over the same atoms, spaces and standard library.
import type { Atom } from '../atom/atom.js';
import type { GroundingSpace } from '../space/space.js';
import type { OpHost } from '../stdlib/operation.js';
import type { MemoryMeter } from './memory.js';

export type EngineName = 'tree' | 'vm';

export interface EngineOptions {
  /** Maximum steps per top-level evaluation (Infinity for none). */
  maxSteps?: number;
  /** `(pragma! max-stack-depth N)`; 0 = unlimited. */
  maxStackDepth?: number;
  /** Wall-clock deadline (Date.now() milliseconds) for each top-level evaluation. */
  deadline?: number;
  /** Maximum number of results one top-level evaluation may produce. */
  maxResults?: number;
  /** Maximum number of nodes in one result atom. */
  maxAtomSize?: number;
  /** The memory budget of this evaluation, shared with the evaluations nested in it; none when absent. */
  memory?: MemoryMeter | null;
  /** Memoise pure recursive functions (VM); default true. */
  tabling?: boolean;
  /** Compile hot numeric procedures to JavaScript (VM only; default true). `--jitless` turns it off. */
  jit?: boolean;
}

export interface EngineStats {
  steps: number;
  /** Evaluations the VM handed to the tree-walker because it cannot compile them yet. */
  fallbacks: number;
  /** The fallbacks by reason (VM). */
  fallbackReasons?: Record<string, number>;
  /** Calls of tabled functions answered from their tables (VM). */
  tableHits?: number;
  /** Calls of tabled functions evaluated and added to their tables (VM). */
  tableMisses?: number;
  /** VM calls answered by JavaScript compiled from hot procedures (src/vm/jit). */
  jitCalls: number;
  /** Calls the compiled JavaScript gave back to the VM (a guard failed), then run the normal way. */
  deopts: number;
  /** Why the JS tiers refused to compile a gather region or a procedure, by reason, once per attempt (VM). */
  jitRefusals?: Record<string, number>;
}

export interface Engine {
  /** All results of `(metta atom type space)`, as `!atom` gives them. */
  evaluate(atom: Atom, space: GroundingSpace, type?: Atom): Atom[];
  /** New limits for the evaluations to come: an engine is kept for many evaluations, its stacks reused. */
  configure(options: EngineOptions): void;
  readonly stats: EngineStats;
}

export type EngineFactory = (host: OpHost, options: EngineOptions) => Engine;

/** Adds `from`'s counts into `into`. Runs once per evaluation: an empty `from` allocates nothing. */
export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>> | undefined): void {
  if (from === undefined) return;
  for (const k in from) into[k] = (into[k] ?? 0) + from[k]!;
}

/** Empties a count record in place (the object stays the same: other counters point at it). */
export function clearCounts(counts: Record<string, number> | undefined): void {
  if (counts === undefined) return;
  for (const k in counts) delete counts[k];
}
