// The Node host's side of the memory budget: the V8 heap as the core's heap
// probe sees it, and the default budget of the CLI and the REPL, derived from
// the heap limit of the isolate that runs the program (a worker thread has its own).
import { getHeapStatistics } from 'node:v8';
import type { HeapProbe } from '../runner/memory.js';

export const nodeHeapProbe: HeapProbe = () => {
  const s = getHeapStatistics();
  return { used: s.used_heap_size, limit: s.heap_size_limit };
};

/** The budget a run gets unless `--max-memory` says otherwise: a third of V8's heap limit, in MiB. */
export function defaultMaxMemoryMiB(): number {
  return Math.max(64, Math.floor(getHeapStatistics().heap_size_limit / (1024 * 1024) / 3));
}

/** `--max-memory` as given (null: the default; 0: no budget), as MeTTaOptions.maxMemory takes it. */
export function resolveMaxMemory(mib: number | null): number {
  return mib ?? defaultMaxMemoryMiB();
}
