// The memory budget of one top-level evaluation. The engines never walk the
// heap: each knows what it holds from the lengths of its own stacks (values,
// frames, choice points, trail; the tree-walker's plan and frame depth), its
// collected results, gathered lists and tabled answers, and hands that sum to
// `check` where it reads the clock. A host may also pass a heap probe (the core
// cannot import node:*), read at the same points, as a last line before the
// JavaScript engine itself runs out of memory.
import { LimitExceeded } from './limits.js';

export const MIB = 1024 * 1024;

/** The JavaScript heap as the host sees it, in bytes. */
export interface HeapUsage {
  readonly used: number;
  readonly limit: number;
}

/** Reads the host's heap (v8.getHeapStatistics() on Node, performance.memory in Chrome); null when unknown. */
export type HeapProbe = () => HeapUsage | null;

/**
 * Bytes charged per thing held, measured against the live heap (after a full
 * GC) on V8 (Node 20, 64-bit) for growing fan-outs, result streams and deep
 * recursion: a VM value slot with the fresh atom it usually holds, a choice
 * point's share of the atoms its alternative keeps, a tree-walker plan task
 * with its bindings and continuation, a frame of MeTTa depth, a collected
 * result (the tree-walker keeps its bindings too), a tabled entry.
 */
export const BYTES = {
  valueSlot: 96,
  choicePoint: 64,
  intSlot: 4,
  task: 1600,
  frame: 200,
  treeResult: 350,
  vmResult: 150,
  tableEntry: 160,
} as const;

/**
 * Fraction of the host's heap limit at which a run is stopped, whatever its budget. V8's
 * limit includes the young generation, which is never full, and a mark-compact needs room:
 * with a 240 MiB limit, V8 aborted near 200 MiB used.
 */
export const HEAP_STOP_FRACTION = 0.7;

/** The heap is read at a clock check at most this often, in ms (a probe costs about 2 µs). */
const HEAP_PROBE_MS = 5;

export class MemoryMeter {
  /** The budget in bytes (Infinity for none). */
  readonly max: number;
  private readonly probe: HeapProbe | null;
  /** Bytes held by the evaluations this one is nested in (a VM under a tabled call, a fallback). */
  outer = 0;
  private lastProbe = -Infinity;

  constructor(maxBytes: number, probe: HeapProbe | null = null) {
    this.max = maxBytes;
    this.probe = probe;
  }

  /**
   * Throws LimitExceeded('memory') when `own` bytes (of the calling engine) and the enclosing
   * ones exceed the budget, or the host heap nears its limit. `now` is the clock just read.
   */
  check(own: number, now: number): void {
    if (own + this.outer > this.max) {
      throw new LimitExceeded('memory', `memory limit of ${formatMiB(this.max)} MiB exceeded`);
    }
    if (this.probe !== null && now - this.lastProbe >= HEAP_PROBE_MS) {
      this.lastProbe = now;
      this.checkHeap(this.probe);
    }
  }

  private checkHeap(probe: HeapProbe): void {
    const h = probe();
    if (h === null || !(h.limit > 0) || h.used < h.limit * HEAP_STOP_FRACTION) return;
    throw new LimitExceeded(
      'memory',
      `memory limit exceeded: the JavaScript heap is nearly full (${formatMiB(h.used)} of ${formatMiB(h.limit)} MiB)`,
    );
  }
}

/** A meter for these options, or null when there is neither a budget nor a probe. */
export function memoryMeter(maxBytes: number | undefined, probe: HeapProbe | undefined): MemoryMeter | null {
  const max = maxBytes === undefined || maxBytes <= 0 ? Infinity : maxBytes;
  if (max === Infinity && probe === undefined) return null;
  return new MemoryMeter(max, probe ?? null);
}

function formatMiB(bytes: number): string {
  const m = bytes / MIB;
  return Number.isInteger(m) ? String(m) : m.toFixed(1);
}
