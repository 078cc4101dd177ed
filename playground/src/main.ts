// The playground page: a CodeMirror editor, Run and Stop, an engine switch,
// example programs, and an output pane fed by an evaluation worker. Stop
// terminates the worker (the engines are synchronous, so nothing else can
// interrupt them) and starts a fresh one for the next run.
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import type { EngineName } from '../../src/index.js';
import { EXAMPLES } from './examples.js';
import { mettaLanguage } from './metta-lang.js';
import type { OutputLine, RunRequest, WorkerMessage } from './protocol.js';

const STORAGE_SOURCE = 'metta-playground:source';
const STORAGE_ENGINE = 'metta-playground:engine';
/** The output pane keeps at most this many lines; older ones are dropped. */
const MAX_LINES = 5000;

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const e = document.getElementById(id);
  if (!(e instanceof type)) throw new Error(`#${id} missing from the page`);
  return e;
}

const runButton = element('run', HTMLButtonElement);
const stopButton = element('stop', HTMLButtonElement);
const clearButton = element('clear', HTMLButtonElement);
const engineSelect = element('engine', HTMLSelectElement);
const exampleSelect = element('examples', HTMLSelectElement);
const statusText = element('status', HTMLSpanElement);
const output = element('output', HTMLDivElement);

// Output ---------------------------------------------------------------------

let lineCount = 0;

function appendLines(lines: readonly OutputLine[]): void {
  const fragment = document.createDocumentFragment();
  for (const l of lines) {
    const div = document.createElement('div');
    div.className = `line ${l.kind}`;
    div.textContent = l.text;
    if (l.kind === 'result') {
      div.dataset['line'] = String(l.line);
      // A result holding an Error is set apart, not just the status bar.
      if (l.error) div.classList.add('has-error');
    }
    fragment.appendChild(div);
  }
  const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
  output.appendChild(fragment);
  lineCount += lines.length;
  if (lineCount > MAX_LINES) {
    let drop = lineCount - MAX_LINES;
    lineCount = MAX_LINES;
    while (drop-- > 0 && output.firstChild !== null) output.removeChild(output.firstChild);
    if (!output.firstElementChild?.classList.contains('dropped')) {
      const note = document.createElement('div');
      note.className = 'line dropped';
      note.textContent = '… earlier output dropped';
      output.prepend(note);
    }
  }
  if (atBottom) output.scrollTop = output.scrollHeight;
}

function clearOutput(): void {
  output.replaceChildren();
  lineCount = 0;
}

function setStatus(text: string, state: 'idle' | 'running' | 'ok' | 'stopped' | 'error'): void {
  statusText.textContent = text;
  statusText.dataset['state'] = state;
}

// Evaluation -----------------------------------------------------------------

let worker: Worker | null = null;
let runId = 0;
let running = false;
let startedAt = 0;
let ticker = 0;

function spawnWorker(): Worker {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'metta' });
  w.onmessage = (event: MessageEvent<WorkerMessage>) => onWorkerMessage(event.data);
  w.onerror = (event) => {
    event.preventDefault();
    appendLines([{ kind: 'error', text: `worker error: ${event.message}` }]);
    finish('The evaluator failed', 'error');
    worker?.terminate();
    worker = null;
  };
  return w;
}

function onWorkerMessage(m: WorkerMessage): void {
  if (m.kind === 'ready') return;
  if (m.id !== runId) return;
  if (m.kind === 'output') {
    appendLines(m.lines);
    return;
  }
  const ms = m.ms < 1000 ? `${m.ms.toFixed(0)} ms` : `${(m.ms / 1000).toFixed(2)} s`;
  const forms = `${m.forms} ${m.forms === 1 ? 'form' : 'forms'}`;
  if (m.stopped) finish(`Stopped at an error after ${forms}, ${ms}`, 'error');
  else finish(`Done: ${forms} in ${ms}`, 'ok');
}

function setRunning(on: boolean): void {
  running = on;
  runButton.disabled = on;
  stopButton.disabled = !on;
  document.body.classList.toggle('running', on);
}

function finish(text: string, state: 'ok' | 'stopped' | 'error'): void {
  window.clearInterval(ticker);
  setRunning(false);
  setStatus(text, state);
}

function run(): void {
  if (running) return;
  worker ??= spawnWorker();
  clearOutput();
  runId++;
  const engine: EngineName = engineSelect.value === 'tree' ? 'tree' : 'vm';
  const request: RunRequest = { kind: 'run', id: runId, source: editor.state.doc.toString(), engine };
  worker.postMessage(request);
  setRunning(true);
  startedAt = performance.now();
  setStatus('Running…', 'running');
  ticker = window.setInterval(() => {
    setStatus(`Running… ${((performance.now() - startedAt) / 1000).toFixed(1)} s`, 'running');
  }, 200);
}

function stop(): void {
  if (!running) return;
  worker?.terminate();
  // A fresh worker now, so the next run does not wait for one to load.
  worker = spawnWorker();
  const s = ((performance.now() - startedAt) / 1000).toFixed(1);
  appendLines([{ kind: 'error', text: `Stopped after ${s} s.` }]);
  finish(`Stopped after ${s} s`, 'stopped');
}

// Editor ---------------------------------------------------------------------

function savedSource(): string {
  try {
    return localStorage.getItem(STORAGE_SOURCE) ?? EXAMPLES[0]!.source;
  } catch {
    return EXAMPLES[0]!.source;
  }
}

let saveTimer = 0;
const editor = new EditorView({
  doc: savedSource(),
  parent: element('editor', HTMLDivElement),
  extensions: [
    Prec.highest(keymap.of([
      { key: 'Mod-Enter', run: () => (run(), true) },
      { key: 'Escape', run: () => (running ? (stop(), true) : false) },
    ])),
    basicSetup,
    mettaLanguage,
    EditorView.lineWrapping,
    EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(() => {
        try {
          localStorage.setItem(STORAGE_SOURCE, editor.state.doc.toString());
        } catch {
          // Private browsing or storage full: the program is just not remembered.
        }
      }, 300);
    }),
  ],
});

function loadExample(name: string): void {
  const example = EXAMPLES.find((e) => e.name === name);
  if (example === undefined) return;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: example.source }, selection: { anchor: 0 } });
  editor.focus();
}

// Wiring ---------------------------------------------------------------------

for (const e of EXAMPLES) exampleSelect.add(new Option(e.name, e.name));
exampleSelect.value = '';
exampleSelect.addEventListener('change', () => {
  loadExample(exampleSelect.value);
  exampleSelect.value = '';
});

try {
  const saved = localStorage.getItem(STORAGE_ENGINE);
  if (saved === 'vm' || saved === 'tree') engineSelect.value = saved;
} catch {
  // Default engine then.
}
engineSelect.addEventListener('change', () => {
  try {
    localStorage.setItem(STORAGE_ENGINE, engineSelect.value);
  } catch {
    // Not remembered.
  }
});

runButton.addEventListener('click', run);
stopButton.addEventListener('click', stop);
clearButton.addEventListener('click', clearOutput);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && running) stop();
});

worker = spawnWorker();
setRunning(false);
setStatus('Ready: Ctrl-Enter runs, Esc stops', 'idle');
editor.focus();
