// What the REPL does with a complete input: run its forms one at a time in a
// long-lived runner (atoms go to &self, `!` forms print their results), or carry
// out a `:command`. Host services (output, files, interruption) are passed in,
// so this file runs anywhere the core does.
import { MeTTa, type FileAccess, type MeTTaOptions, type RunReport } from '../runner/metta.js';
import type { EngineName } from '../runner/engine.js';
import type { HeapProbe } from '../runner/memory.js';
import { formatResults } from '../syntax/printer.js';
import { scanInput, formSources } from './input.js';

/** Where the session writes: results and println! to `out`, diagnostics and trace! to `err`. */
export interface ReplIO {
  out(line: string): void;
  err(line: string): void;
}

export interface SessionHost {
  readonly io: ReplIO;
  readonly files: FileAccess;
  /** Directory part of a path, for resolving the imports of a loaded file. */
  dirname(path: string): string;
  /** Runs `work` so that the user can stop it (Ctrl-C). Exceptions thrown by `work` propagate. */
  interruptible<T>(work: () => T): Interruptible<T>;
}

/** What interruptible work came to: its value, or stopped before it finished. */
export type Interruptible<T> = { readonly done: true; readonly value: T } | { readonly done: false };

export interface SessionOptions {
  readonly engine: EngineName;
  /** Step budget per `!` form; null for none. */
  readonly maxSteps: number | null;
  /** Memory budget per `!` form in MiB (0 or absent: none); an exceeded budget ends the form, not the session. */
  readonly maxMemory?: number;
  /** The host's heap, read as a last line before it runs out. */
  readonly heapProbe?: HeapProbe;
}

export type Outcome = 'continue' | 'quit';

const ENGINES: readonly EngineName[] = ['vm', 'tree'];

interface Command {
  readonly name: string;
  readonly args: string;
  readonly help: string;
  run(session: ReplSession, arg: string): Outcome;
}

const COMMANDS: readonly Command[] = [
  { name: ':help', args: '', help: 'show this help', run: (s) => s.help() },
  { name: ':load', args: 'FILE', help: 'run FILE in this session: its atoms join &self', run: (s, a) => s.load(a) },
  { name: ':engine', args: '[vm|tree]', help: 'show or switch the execution engine', run: (s, a) => s.switchEngine(a) },
  { name: ':reset', args: '', help: 'start again with an empty &self', run: (s) => s.reset() },
  { name: ':quit', args: '', help: 'leave the REPL (Ctrl-D also does)', run: () => 'quit' },
];

/** The command names, for completion. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

/** File name that positions in typed input are reported against. */
export const INPUT_NAME = '<input>';

export class ReplSession {
  private readonly host: SessionHost;
  /**
   * The runner reads its options on every evaluation, so the engine is switched
   * by changing this object in place: the space survives the switch.
   */
  private readonly options: MeTTaOptions;
  private metta: MeTTa;

  constructor(host: SessionHost, options: SessionOptions) {
    this.host = host;
    const { io } = host;
    this.options = {
      engine: options.engine,
      files: host.files,
      print: (line) => io.out(line),
      printErr: (line) => io.err(line),
      ...(options.maxSteps !== null ? { maxSteps: options.maxSteps } : {}),
      ...(options.maxMemory !== undefined ? { maxMemory: options.maxMemory } : {}),
      ...(options.heapProbe !== undefined ? { heapProbe: options.heapProbe } : {}),
    };
    this.metta = new MeTTa(this.options);
  }

  get engine(): EngineName {
    return this.options.engine ?? 'tree';
  }

  /** The runner of this session (replaced by `:reset`). */
  get runner(): MeTTa {
    return this.metta;
  }

  /** True when `line`, typed at the start of an input, is a REPL command rather than MeTTa. */
  static isCommand(line: string): boolean {
    return line.trimStart().startsWith(':');
  }

  /** Carries out a `:command` line. A unique prefix names a command (`:q`, `:l FILE`). */
  command(line: string): Outcome {
    const text = line.trim();
    const space = text.search(/\s/);
    const name = space < 0 ? text : text.slice(0, space);
    const arg = space < 0 ? '' : text.slice(space).trim();
    const exact = COMMANDS.find((c) => c.name === name);
    const matches = exact !== undefined ? [exact] : COMMANDS.filter((c) => c.name.startsWith(name) && name.length > 1);
    const cmd = matches[0];
    if (cmd === undefined || matches.length > 1) {
      const what = matches.length > 1 ? `ambiguous command ${name} (${matches.map((c) => c.name).join(', ')})` : `unknown command ${name}`;
      this.host.io.err(`error: ${what}; :help lists the commands`);
      return 'continue';
    }
    return cmd.run(this, arg);
  }

  /** Runs a complete input (or what was left at end of input): each form in turn. */
  submit(text: string): Outcome {
    const { io } = this.host;
    const spans = scanInput(text).forms;
    const sources = formSources(text, spans);
    // An input that ends inside a form (at end of input) is one last span for the parser to report.
    const last = spans[spans.length - 1];
    const tailStart = last === undefined ? 0 : last.end;
    if (text.slice(tailStart).trim() !== '') sources.push(...formSources(text, [{ start: tailStart, end: text.length }]));
    for (const source of sources) {
      const report = this.guard(() => this.metta.runReport(source, INPUT_NAME, { stopOnError: false }));
      // Once a form is interrupted, the rest of the input is dropped with it.
      if (report === null) break;
      this.print(report);
    }
    return 'continue';
  }

  help(): Outcome {
    const { io } = this.host;
    io.out('Type MeTTa: !(expr) evaluates expr and prints its results as [a, b];');
    io.out('any other atom is added to &self. An input goes on over several lines');
    io.out('until its parentheses are balanced.');
    io.out('');
    io.out('Commands (a unique prefix is enough, e.g. :q):');
    for (const c of COMMANDS) io.out(`  ${(c.name + ' ' + c.args).padEnd(18)}${c.help}`);
    io.out('');
    io.out('Ctrl-C stops a running evaluation, or discards the input being typed.');
    return 'continue';
  }

  load(arg: string): Outcome {
    const { io, files } = this.host;
    const path = unquote(arg);
    if (path === '') {
      io.err('error: :load needs a FILE');
      return 'continue';
    }
    const text = files.readFile(path);
    if (text === null) {
      io.err(`error: cannot read ${path}`);
      return 'continue';
    }
    const metta = this.metta;
    const saved = metta.baseDir;
    metta.baseDir = this.host.dirname(path);
    let report: RunReport | null;
    try {
      report = this.guard(() => metta.runReport(text, path, { stopOnError: true }));
    } finally {
      metta.baseDir = saved;
    }
    if (report !== null) this.print(report);
    return 'continue';
  }

  switchEngine(arg: string): Outcome {
    const { io } = this.host;
    if (arg === '') {
      io.out(`engine: ${this.engine}`);
      return 'continue';
    }
    const engine = ENGINES.find((e) => e === arg);
    if (engine === undefined) {
      io.err(`error: :engine must be one of ${ENGINES.join(', ')}, not '${arg}'`);
      return 'continue';
    }
    this.options.engine = engine;
    io.out(`engine: ${engine}`);
    return 'continue';
  }

  reset(): Outcome {
    this.metta = new MeTTa(this.options);
    this.host.io.out('&self is empty again');
    return 'continue';
  }

  /**
   * Runs interruptible work; null when it did not finish. A host exception (a
   * bug, not a MeTTa Error) is reported and the session goes on.
   */
  private guard<T>(work: () => T): T | null {
    const { io } = this.host;
    try {
      const r = this.host.interruptible(work);
      if (r.done) return r.value;
      io.err('Interrupted.');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      io.err(`internal error: ${message}`);
    }
    return null;
  }

  private print(report: RunReport): void {
    const { io } = this.host;
    for (const f of report.forms) io.out(formatResults(f.results));
    for (const e of report.errors) io.err(e);
  }
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}
