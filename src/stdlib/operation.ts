// Grounded operations: atoms that run host code when called. Both engines call
// them through this one interface, with a context that gives access to the
// space, the runner and the output.
import { Atom, gnd, GROUNDED, type GroundedValue } from '../atom/atom.js';
import type { Bindings } from '../match/bindings.js';
import type { GroundingSpace } from '../space/space.js';

/** V8's (Node's, Chromium's) knob for stack-trace depth; other engines ignore the property. */
const V8Error = Error as ErrorConstructor & { stackTraceLimit?: number | undefined };

/**
 * An exception used as a control signal, not a fault: it takes no stack trace
 * (capturing one cost more than the work around it where many are thrown).
 */
export class Signal extends Error {
  constructor(message: string) {
    const limit = V8Error.stackTraceLimit;
    V8Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      V8Error.stackTraceLimit = limit;
    }
  }
}

/** A runtime error of an operation: becomes `(Error <call> <message>)` (a value for the program, so no stack trace). */
export class ExecError extends Signal {
  readonly atom: Atom | null;
  constructor(message: string, atom: Atom | null = null) {
    super(message);
    this.atom = atom;
  }
}

/** Thrown by an operation that does not apply to its arguments: the call stays unreduced. */
export class NoReduce extends Signal {
  constructor() {
    super('NoReduce');
  }
}

/** What an operation may use from the engine that calls it. */
export interface OpContext {
  /** The space the current expression is evaluated in (`&self` or the `metta` space argument). */
  readonly space: GroundingSpace;
  /** Fully evaluates an atom in a space and returns all results (a nested evaluation). */
  evaluate(atom: Atom, space: GroundingSpace): Atom[];
  /** Host services: output, modules, tokens, settings. */
  readonly host: OpHost;
}

export interface OpHost {
  print(text: string): void;
  printErr(text: string): void;
  setPragma(key: string, value: Atom): void;
  getPragma(key: string): Atom | undefined;
  /** Registers a token for the rest of the parse (`bind!`). */
  bindToken(token: string, atom: Atom): void;
  /** `import!`: loads a module into `into` (a space) or binds it to a new token. */
  importModule(target: Atom, name: Atom, space: GroundingSpace): Atom[];
  /** `include`: runs a module's file inline in `space`. */
  includeModule(name: Atom, space: GroundingSpace): Atom[];
  /** The space of a loaded module (`mod-space!`). */
  moduleSpace(name: Atom): Atom;
  printModules(): void;
  /** Random numbers, replaceable for reproducible runs. */
  random(): number;
  /** `open-space`: the space a URL names, from the host's database backends (throws StoreError). */
  openSpace(url: string): GroundingSpace;
  /** `file-open!` (the fileio module): a file the host's file access opens (throws when it cannot). */
  openFile(path: string, options: string): OpenFile;
}

/** A file opened by `file-open!`: a cursor over its bytes, as a Rust `File` is. */
export interface OpenFile {
  /** Everything from the cursor to the end, as UTF-8 text; the cursor moves to the end. */
  readToEnd(): string;
  /** One read of at most `n` bytes into an n-byte zeroed buffer; the whole buffer is returned as text. */
  readSome(n: number): string;
  write(text: string): void;
  seek(position: number): void;
  size(): number;
}

export type OpFn = (args: readonly Atom[], ctx: OpContext) => Atom[];
/** A variant that can also extend the caller's bindings (e.g. `match`). */
export type OpBindingsFn = (args: readonly Atom[], ctx: OpContext, bindings: Bindings) => Array<[Atom, Bindings]>;

/** An operation whose result arrives later (a host call that awaits); needs an async run. */
export type OpAsyncFn = (args: readonly Atom[], ctx: OpContext) => Promise<Atom[]>;

export class OperationValue implements GroundedValue {
  readonly name: string;
  readonly type: Atom;
  readonly fn: OpFn | null;
  readonly bindingsFn: OpBindingsFn | null;
  readonly asyncFn: OpAsyncFn | null;
  constructor(name: string, type: Atom, fn: OpFn | null, bindingsFn: OpBindingsFn | null = null, asyncFn: OpAsyncFn | null = null) {
    this.name = name;
    this.type = type;
    this.fn = fn;
    this.bindingsFn = bindingsFn;
    this.asyncFn = asyncFn;
  }
  typeAtom(): Atom {
    return this.type;
  }
  equals(o: GroundedValue): boolean {
    return o === this;
  }
  display(): string {
    return this.name;
  }
  hashCode(): number {
    let h = 0x2545f491;
    for (let i = 0; i < this.name.length; i++) h = Math.imul(h ^ this.name.charCodeAt(i), 0x01000193);
    return h | 0;
  }
}

export function operation(name: string, type: Atom, fn: OpFn): Atom {
  return gnd(new OperationValue(name, type, fn));
}
export function bindingsOperation(name: string, type: Atom, fn: OpBindingsFn): Atom {
  return gnd(new OperationValue(name, type, null, fn));
}

export function asyncOperation(name: string, type: Atom, fn: OpAsyncFn): Atom {
  return gnd(new OperationValue(name, type, null, null, fn));
}

export function operationOf(a: Atom): OperationValue | null {
  return a.kind === GROUNDED && a.value instanceof OperationValue ? a.value : null;
}
