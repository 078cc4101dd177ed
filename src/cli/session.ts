// Runs the files of one command and reports what happened as plain-data events.
// The same function runs in-process or inside a worker thread (for --timeout),
// so events carry text, never atoms: they must survive postMessage.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MeTTa, type MeTTaOptions } from '../runner/metta.js';
import { addCounts } from '../runner/engine.js';
import type { EngineName } from '../runner/engine.js';
import { format, formatResults } from '../syntax/printer.js';
import { nodeFiles } from './node-files.js';
import { nodeHeapProbe, resolveMaxMemory } from './node-memory.js';
import { nodeStores } from '../node/stores.js';
import { StoreError } from '../space/store-error.js';
import { checkPassed, isCheck } from './checks.js';
import { classifyRunError, type RunError } from './run-errors.js';

export interface Task {
  readonly mode: 'run' | 'test';
  readonly files: readonly string[];
  readonly engine: EngineName;
  readonly maxSteps: number | null;
  /** MiB per `!` form; null for the default (derived here, from the heap of the thread that runs), 0 for none. */
  readonly maxMemory: number | null;
  readonly tabling: boolean;
  /** False with --jitless. */
  readonly jit: boolean;
  /** `--space URL`: the database space that is `&self`; null for the heap. */
  readonly space?: string | null;
}

export interface FormOutput {
  readonly line: number;
  /** The results as hyperon prints them: `[a, b]`. */
  readonly results: string;
  /** In test mode, whether this `assert…` form passed; null for any other form. */
  readonly check: boolean | null;
  /** The form's text, kept only for failed checks (to show which one failed). */
  readonly source: string;
}

export interface FileOutput {
  readonly file: string;
  /** Why the file could not be read; null when it was. */
  readonly readError: string | null;
  readonly forms: readonly FormOutput[];
  readonly errors: readonly RunError[];
  /** The run stopped early (an Error result in run mode, or a limit). */
  readonly stopped: boolean;
}

export type SessionEvent =
  | { readonly kind: 'start'; readonly file: string }
  | { readonly kind: 'print'; readonly line: string }
  | { readonly kind: 'printErr'; readonly line: string }
  | { readonly kind: 'file'; readonly output: FileOutput }
  | {
    readonly kind: 'stats'; readonly steps: number; readonly fallbacks: number;
    readonly fallbackReasons: Readonly<Record<string, number>>; readonly tableHits: number;
    readonly tableMisses: number; readonly jitCalls: number; readonly deopts: number;
    readonly jitRefusals: Readonly<Record<string, number>>; readonly ms: number;
  };

export function execute(task: Task, emit: (e: SessionEvent) => void): void {
  const started = performance.now();
  let steps = 0;
  let fallbacks = 0;
  const fallbackReasons: Record<string, number> = {};
  const jitRefusals: Record<string, number> = {};
  let tableHits = 0;
  let tableMisses = 0;
  let jitCalls = 0;
  let deopts = 0;
  const maxMemory = resolveMaxMemory(task.maxMemory);
  for (const file of task.files) {
    emit({ kind: 'start', file });
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      emit({ kind: 'file', output: { file, readError: reason, forms: [], errors: [], stopped: true } });
      continue;
    }
    const options: MeTTaOptions = {
      engine: task.engine,
      files: nodeFiles,
      // Check files print for people reading a run, not for a test report.
      print: task.mode === 'run' ? (line) => emit({ kind: 'print', line }) : () => {},
      printErr: (line) => emit({ kind: 'printErr', line }),
      ...(task.maxSteps !== null ? { maxSteps: task.maxSteps } : {}),
      maxMemory,
      heapProbe: nodeHeapProbe,
      tabling: task.tabling,
      ...(task.jit ? {} : { jit: false }),
    };
    let metta: MeTTa;
    try {
      metta = new MeTTa({ ...options, openStore: nodeStores, ...(task.space ? { selfSpace: task.space } : {}) });
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      emit({ kind: 'file', output: { file, readError: e.message, forms: [], errors: [], stopped: true } });
      continue;
    }
    metta.baseDir = dirname(file);
    // Check files go on after a failed assert (hyperon's runner would stop at its Error).
    let report;
    try {
      report = metta.runReport(source, file, { stopOnError: task.mode === 'run' });
    } finally {
      metta.close();
    }
    steps += metta.stats.steps;
    fallbacks += metta.stats.fallbacks;
    addCounts(fallbackReasons, metta.stats.fallbackReasons);
    addCounts(jitRefusals, metta.stats.jitRefusals);
    tableHits += metta.stats.tableHits ?? 0;
    tableMisses += metta.stats.tableMisses ?? 0;
    jitCalls += metta.stats.jitCalls;
    deopts += metta.stats.deopts;
    const forms = report.forms.map((f): FormOutput => {
      const check = task.mode === 'test' && isCheck(f.source) ? checkPassed(f.results) : null;
      return { line: f.line, results: formatResults(f.results), check, source: check === false ? format(f.source) : '' };
    });
    emit({ kind: 'file', output: { file, readError: null, forms, errors: report.errors.map(classifyRunError), stopped: report.stopped } });
  }
  emit({ kind: 'stats', steps, fallbacks, fallbackReasons, tableHits, tableMisses, jitCalls, deopts, jitRefusals, ms: performance.now() - started });
}
