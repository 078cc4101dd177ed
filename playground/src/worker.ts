// The playground's evaluator, in a Web Worker so the page stays responsive and
// a runaway program is stopped by terminating the worker. Forms run one at a
// time, so the results of earlier forms show while a later one is running.
import { MeTTa, formatResults, type HeapProbe } from '../../src/index.js';
import { scanInput, formSources } from '../../src/repl/input.js';
import { isErrorAtom } from '../../src/interp/values.js';
import { registerHostOperations } from '../../examples/host-operations.mjs';
import { LIBRARY } from './examples.js';
import type { OutputLine, RunRequest, WorkerMessage } from './protocol.js';

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** Output is posted at most this often while a form runs (and at the end of each form). */
const FLUSH_MS = 50;
const FILE = 'program.metta';

/** Chrome's non-standard heap figures (absent in other browsers, and in some workers). */
interface PerformanceMemory {
  readonly usedJSHeapSize: number;
  readonly jsHeapSizeLimit: number;
}
const heapInfo = (performance as Performance & { memory?: PerformanceMemory }).memory;
const heapProbe: HeapProbe | undefined = heapInfo === undefined
  ? undefined
  : () => ({ used: heapInfo.usedJSHeapSize, limit: heapInfo.jsHeapSizeLimit });

/**
 * Memory budget per `!` form, in MiB: a quarter of the heap limit where the browser tells it,
 * else 512 MiB, so a runaway program stops with a message instead of freezing or crashing the tab.
 */
const MAX_MEMORY_MIB = heapInfo === undefined ? 512 : Math.max(64, Math.floor(heapInfo.jsHeapSizeLimit / (1024 * 1024) / 4));

function run(req: RunRequest): void {
  const started = performance.now();
  let pending: OutputLine[] = [];
  let lastFlush = started;
  const flush = (): void => {
    if (pending.length > 0) scope.postMessage({ kind: 'output', id: req.id, lines: pending });
    pending = [];
    lastFlush = performance.now();
  };
  const emit = (line: OutputLine): void => {
    pending.push(line);
    if (performance.now() - lastFlush > FLUSH_MS) flush();
  };

  const metta = new MeTTa({
    engine: req.engine,
    maxMemory: MAX_MEMORY_MIB,
    ...(heapProbe !== undefined ? { heapProbe } : {}),
    print: (text) => emit({ kind: 'print', text }),
    printErr: (text) => emit({ kind: 'error', text }),
    // import! reads the gallery's modules (examples/lib), nothing else.
    files: { readFile: (path) => LIBRARY[path.replace(/^(\.\/)+/, '')] ?? null },
  });
  // The operations a host registers in the gallery's host-function example.
  registerHostOperations(metta);
  const spans = scanInput(req.source).forms;
  const sources = formSources(req.source, spans);
  // Text after the last complete form (an unclosed one) still goes to the parser, to be reported.
  const last = spans[spans.length - 1];
  const tail = last === undefined ? 0 : last.end;
  if (req.source.slice(tail).trim() !== '') sources.push(...formSources(req.source, [{ start: tail, end: req.source.length }]));

  let forms = 0;
  let stopped = false;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    let report;
    try {
      report = metta.runReport(source, FILE, { stopOnError: true });
    } catch (e) {
      emit({ kind: 'error', text: `internal error: ${e instanceof Error ? e.message : String(e)}` });
      stopped = true;
      break;
    }
    for (const f of report.forms) {
      forms++;
      emit({ kind: 'result', text: formatResults(f.results), line: f.line, error: f.results.some(isErrorAtom) });
    }
    for (const text of report.errors) emit({ kind: 'error', text });
    flush();
    // Like `metta FILE`, a program stops at its first Error result.
    if (report.stopped) {
      stopped = true;
      // What never ran is said, not left out silently.
      const left = sources.length - i - 1 + report.notRun.length;
      if (left > 0) emit({ kind: 'error', text: `${left} form${left === 1 ? '' : 's'} after it not run` });
      break;
    }
  }
  flush();
  scope.postMessage({ kind: 'done', id: req.id, ms: performance.now() - started, forms, stopped });
}

scope.onmessage = (event) => run(event.data);
// The standard library is parsed once per worker: do it now, not in the first run.
void new MeTTa();
scope.postMessage({ kind: 'ready' });
