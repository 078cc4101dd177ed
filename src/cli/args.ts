// Command-line parsing for `metta`: turns argv into one Command or a UsageError
// that names the bad argument. Options may stand anywhere among the files.
import type { EngineName } from '../runner/engine.js';

export interface Options {
  readonly engine: EngineName;
  /** Step budget per top-level `!` form; null for none. */
  readonly maxSteps: number | null;
  /** Memory budget per top-level `!` form, in MiB; null for the default (derived from V8's heap limit), 0 for none. */
  readonly maxMemory: number | null;
  /** Wall-clock limit for the whole command, in seconds; null for none. */
  readonly timeout: number | null;
  readonly stats: boolean;
  readonly debug: boolean;
  /** Memoise pure recursive functions on the VM (`--no-tabling` turns it off). */
  readonly tabling: boolean;
  /** Let the VM compile hot numeric procedures to JavaScript (false with --jitless). */
  readonly jit: boolean;
  /** `--space URL`: `&self` is the database space URL names (persistent); null for the heap. */
  readonly space: string | null;
}

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly file: string; readonly options: Options }
  | { readonly kind: 'test'; readonly files: readonly string[]; readonly options: Options }
  | { readonly kind: 'repl'; readonly options: Options }
  | { readonly kind: 'disasm'; readonly file: string; readonly options: Options }
  | { readonly kind: 'load'; readonly files: readonly string[]; readonly into: string; readonly batch: number; readonly options: Options };

/** A command line that cannot be run; the message says which argument and why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const ENGINES: readonly EngineName[] = ['vm', 'tree'];

/** Parses the arguments after `node main.js`. Throws UsageError. */
export function parseArgs(argv: readonly string[]): Command {
  let engine: EngineName = 'vm';
  let maxSteps: number | null = null;
  let timeout: number | null = null;
  let maxMemory: number | null = null;
  let stats = false;
  let debug = false;
  let tabling = true;
  let jit = true;
  let help = false;
  let version = false;
  let disasm = false;
  let space: string | null = null;
  let into: string | null = null;
  let batch = 50_000;
  const positional: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    // `--name=value` and `--name value` are both accepted for options with a value.
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? null : arg.slice(eq + 1);
    const value = (): string => {
      if (inline !== null) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      i++;
      return next;
    };
    const flag = (): true => {
      if (inline !== null) throw new UsageError(`${name} takes no value`);
      return true;
    };
    switch (name) {
      case '-h': case '--help': help = flag(); break;
      case '-V': case '--version': version = flag(); break;
      case '--stats': stats = flag(); break;
      case '--debug': debug = flag(); break;
      case '--disasm': disasm = flag(); break;
      case '--no-tabling': tabling = !flag(); break;
      case '--jitless': jit = !flag(); break;
      case '--engine': {
        const v = value();
        const e = ENGINES.find((x) => x === v);
        if (e === undefined) throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, not '${v}'`);
        engine = e;
        break;
      }
      case '--max-steps': maxSteps = positiveNumber(name, value(), true); break;
      case '--max-memory': maxMemory = nonNegativeInteger(name, value()); break;
      case '--timeout': timeout = positiveNumber(name, value(), false); break;
      case '--space': space = value(); break;
      case '--into': into = value(); break;
      case '--batch': batch = positiveNumber(name, value(), true); break;
      default: throw new UsageError(`unknown option '${name}'`);
    }
  }

  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  const options: Options = { engine, maxSteps, maxMemory, timeout, stats, debug, tabling, jit, space };
  if (positional[0] === 'load') {
    const files = positional.slice(1);
    if (files.length === 0) throw new UsageError('metta load needs at least one FILE');
    if (into === null) throw new UsageError('metta load needs --into URL (sqlite:FILE or postgres://…)');
    return { kind: 'load', files, into, batch, options };
  }
  if (into !== null) throw new UsageError('--into is for metta load');
  if (positional[0] === 'test') {
    const files = positional.slice(1);
    if (files.length === 0) throw new UsageError('metta test needs at least one FILE');
    return { kind: 'test', files, options };
  }
  if (disasm) {
    if (positional.length !== 1) throw new UsageError('--disasm needs exactly one FILE');
    return { kind: 'disasm', file: positional[0]!, options };
  }
  if (positional.length === 0) return { kind: 'repl', options };
  if (positional.length > 1) throw new UsageError(`one FILE expected, got ${positional.length} (use 'metta test' for several)`);
  return { kind: 'run', file: positional[0]!, options };
}

function nonNegativeInteger(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0) throw new UsageError(`${name} needs a whole number of MiB (0 for none), not '${text}'`);
  return n;
}

function positiveNumber(name: string, text: string, integer: boolean): number {
  const n = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(n) && n > 0 && (!integer || Number.isInteger(n));
  if (!ok) throw new UsageError(`${name} needs a positive ${integer ? 'integer' : 'number'}, not '${text}'`);
  return n;
}
