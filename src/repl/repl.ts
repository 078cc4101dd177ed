// The interactive MeTTa REPL on Node: line editing and history (node:readline),
// input gathered until its parentheses balance, and Ctrl-C that stops a running
// evaluation without ending the session.
//
// Interrupting: the engines are synchronous, so an evaluation blocks the event
// loop and no signal handler could run. Each evaluation is therefore entered
// through node:vm with `breakOnSigint`, which arms a native SIGINT watchdog that
// terminates the JavaScript running at that moment, as Node's own REPL does. The
// session keeps its space; an atom being added at that instant may be lost. A
// terminal in raw mode delivers Ctrl-C as a key, not a signal, so raw mode is off
// while an evaluation runs.
import { createInterface, type Completer } from 'node:readline';
import { Script, createContext } from 'node:vm';
import { ReadStream } from 'node:tty';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EngineName } from '../runner/engine.js';
import type { FileAccess } from '../runner/metta.js';
import { scanInput } from './input.js';
import { ReplSession, COMMAND_NAMES, type Interruptible, type ReplIO } from './session.js';
import { nodeHeapProbe, resolveMaxMemory } from '../cli/node-memory.js';
import { appendHistory, defaultHistoryFile, loadHistory, HISTORY_SIZE } from './history.js';

export interface ReplOptions {
  /** Execution engine to start with (default 'vm'); `:engine` switches it. */
  readonly engine?: EngineName;
  /** Step budget per `!` form; null or absent for none. */
  readonly maxSteps?: number | null;
  /** Memory budget per `!` form in MiB; null or absent for the default (a third of V8's heap limit), 0 for none. */
  readonly maxMemory?: number | null;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** Where diagnostics go (default: process.stderr). */
  readonly errorOutput?: NodeJS.WritableStream;
  /** Line editing, prompts, banner and history. Default: input and output are both terminals. */
  readonly terminal?: boolean;
  /** History file for terminal sessions; null for none. Default: $METTA_HISTORY, else ~/.metta_history. */
  readonly historyFile?: string | null;
}

export const PROMPT = 'metta> ';
export const CONTINUATION = '  ...> ';

const files: FileAccess = {
  readFile(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
};

/**
 * Runs the REPL until end of input or `:quit`; resolves to the process exit
 * code (0: MeTTa errors are part of a session, not a failure of it).
 */
export function startRepl(options: ReplOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errorOutput = options.errorOutput ?? process.stderr;
  const terminal = options.terminal ?? (isTerminal(input) && isTerminal(output));
  const historyFile = terminal ? (options.historyFile === undefined ? defaultHistoryFile() : options.historyFile) : null;
  const tty = input instanceof ReadStream ? input : null;

  const red = colourWanted(errorOutput) ? (s: string) => `\x1b[31m${s}\x1b[39m` : (s: string) => s;
  const io: ReplIO = {
    out: (line) => void output.write(line + '\n'),
    // A parse error is a positioned first line, then the source line and a caret.
    err: (text) => {
      const nl = text.indexOf('\n');
      void errorOutput.write(nl < 0 ? red(text) + '\n' : red(text.slice(0, nl)) + text.slice(nl) + '\n');
    },
  };

  const context = createContext({ work: null });
  const run = new Script('work()', { filename: 'metta-repl-evaluation' });
  function interruptible<T>(work: () => T): Interruptible<T> {
    const box: { result: { value: T } | null } = { result: null };
    context['work'] = () => {
      box.result = { value: work() };
    };
    const raw = tty !== null && tty.isRaw;
    if (raw) tty.setRawMode(false);
    try {
      run.runInContext(context, { breakOnSigint: true });
    } catch (e) {
      if (isInterruption(e)) {
        // The terminal echoed ^C where the cursor was; what follows starts on a new line.
        if (terminal) output.write('\n');
        return { done: false };
      }
      throw e;
    } finally {
      context['work'] = null;
      if (raw) tty.setRawMode(true);
    }
    return box.result === null ? { done: false } : { done: true, value: box.result.value };
  }

  const session = new ReplSession(
    { io, files, dirname, interruptible },
    {
      engine: options.engine ?? 'vm', maxSteps: options.maxSteps ?? null,
      maxMemory: resolveMaxMemory(options.maxMemory ?? null), heapProbe: nodeHeapProbe,
    },
  );

  const completer: Completer = (line) => {
    if (!line.startsWith(':') || /\s/.test(line)) return [[], line];
    const hits = COMMAND_NAMES.filter((c) => c.startsWith(line));
    return [hits, line];
  };
  const rl = createInterface({
    input,
    output,
    terminal,
    completer,
    prompt: PROMPT,
    history: historyFile === null ? [] : loadHistory(historyFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    tabSize: 2,
  });

  /** Lines of an input that is not complete yet. */
  let pending = '';
  /** The same lines as entered: they reach the history file only once their form is complete. */
  let pendingLines: string[] = [];
  const keepHistory = (lines: readonly string[]): void => {
    if (historyFile !== null) for (const l of lines) appendHistory(historyFile, l);
  };
  /** Takes a discarded half-typed form's lines back out of readline's history, so Up does not recall them. */
  const forgetPending = (): void => {
    const history = (rl as unknown as { history?: unknown }).history;
    if (Array.isArray(history)) {
      for (const l of pendingLines) {
        const i = history.indexOf(l);
        if (i >= 0) history.splice(i, 1);
      }
    }
    pendingLines = [];
  };
  let closed = false;
  /** The cursor is at the start of a line when the session ends (after :quit, not after Ctrl-D). */
  let atLineStart = false;
  /** A Ctrl-C at an empty prompt was just seen: a second one leaves. */
  let sawInterrupt = false;

  const prompt = (): void => {
    if (!terminal || closed) return;
    rl.setPrompt(pending === '' ? PROMPT : CONTINUATION);
    rl.prompt();
  };

  rl.on('line', (line) => {
    // Lines already read when :quit closed the interface still arrive.
    if (closed) return;
    sawInterrupt = false;
    if (pending === '' && ReplSession.isCommand(line)) {
      keepHistory([line]);
      if (session.command(line) === 'quit') {
        atLineStart = true;
        rl.close();
        return;
      }
      prompt();
      return;
    }
    pending += line + '\n';
    pendingLines.push(line);
    if (pending.trim() === '') {
      pending = '';
      pendingLines = [];
    } else if (scanInput(pending).complete) {
      const text = pending;
      pending = '';
      keepHistory(pendingLines);
      pendingLines = [];
      session.submit(text);
    }
    prompt();
  });

  const onIdleInterrupt = (): void => {
    const typing = pending !== '' || rl.line !== '';
    const leave = !typing && sawInterrupt;
    sawInterrupt = !typing && !sawInterrupt;
    pending = '';
    forgetPending();
    if (terminal) {
      // Leave what was typed on screen, marked as cancelled.
      rl.write(null, { ctrl: true, name: 'e' });
      output.write('^C\n');
    }
    if (leave) {
      atLineStart = true;
      rl.close();
      return;
    }
    if (sawInterrupt) io.out('(To leave, press Ctrl-C again or Ctrl-D, or type :quit)');
    if (terminal) {
      // Empty readline's copy of the line; this redraws an empty prompt.
      rl.setPrompt(PROMPT);
      rl.write(null, { ctrl: true, name: 'u' });
    }
    prompt();
  };
  // In a terminal readline reads Ctrl-C as a key; from a pipe it comes as a signal.
  if (terminal) rl.on('SIGINT', onIdleInterrupt);
  else process.on('SIGINT', onIdleInterrupt);

  return new Promise<number>((resolve) => {
    rl.on('close', () => {
      closed = true;
      if (!terminal) process.off('SIGINT', onIdleInterrupt);
      // Input that ended inside a form is still run, so its error is reported.
      if (pending.trim() !== '') {
        keepHistory(pendingLines);
        session.submit(pending);
      }
      pending = '';
      if (terminal && !atLineStart) output.write('\n');
      resolve(0);
    });
    if (terminal) {
      for (const line of banner(packageVersion(), session.engine)) io.out(line);
    }
    prompt();
  });
}

/** The greeting of a terminal session: lines shorter than 80 columns, so an 80-column terminal does not wrap them. */
export function banner(version: string, engine: string): string[] {
  const head = `MeTTa REPL (metta-vm ${version}, engine ${engine}).`;
  const help = ':help for help, Ctrl-D to leave.';
  return head.length + 1 + help.length < 80 ? [`${head} ${help}`] : [head, help];
}

function isTerminal(stream: NodeJS.ReadableStream | NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

function colourWanted(stream: NodeJS.WritableStream): boolean {
  const env = process.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTerminal(stream);
}

/** The error node:vm throws after a SIGINT; it is made in the context's realm, so not `instanceof Error` here. */
function isInterruption(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && e.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED';
}

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  } catch {
    // Shown in the banner only.
  }
  return 'unknown';
}
