// The public entry point: a MeTTa runner with a top module, the standard
// library, modules loaded through host-provided file access, and results
// gathered per `!` form.
import { Atom, SYMBOL, EXPRESSION, expr } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { stringOf, makeString } from '../atom/grounded.js';
import { GroundingSpace, spaceAtom } from '../space/space.js';
import { validateAtom } from '../space/types.js';
import type { AtomStore, StoreOpener } from '../space/atom-store.js';
import { StoreError } from '../space/store-error.js';
import { Parser, ParseError, type TopForm } from '../syntax/parser.js';
import type { TokenTable } from '../syntax/tokens.js';
import { format, formatResults } from '../syntax/printer.js';
import { standardTokens, standardLibrarySpace } from '../stdlib/index.js';
import { ExecError, operation, asyncOperation, type OpHost, type OpenFile } from '../stdlib/operation.js';
import { fromJSExact } from './js-values.js';
import { parseAll } from './parse-atom.js';
import { Machine } from '../interp/machine.js';
import { LimitExceeded, type LimitKind } from './limits.js';
import { memoryMeter, MIB, type HeapProbe } from './memory.js';
import { throwIfIncomplete, type SkippedForm } from './run-error.js';
import { VmEngine } from '../vm/index.js';
import { addCounts, clearCounts, type Engine, type EngineName, type EngineOptions, type EngineStats } from './engine.js';
import { isErrorAtom } from '../interp/values.js';
import { UNIT } from '../atom/symbols.js';

/** File access granted by the host; without it `import!` cannot load files. */
export interface FileAccess {
  readFile(path: string): string | null;
  /**
   * Opens a file for the `fileio` module's `file-open!` (absent: that module's files cannot be
   * opened). `options` holds the reference's letters: r read, w write, c create, a append, t truncate.
   * Throws an Error saying why a file cannot be opened.
   */
  openFile?(path: string, options: string): OpenFile;
}


export interface MeTTaOptions {
  /** Where `println!` goes (default: console.log). */
  print?: (line: string) => void;
  /** Where `trace!` goes (default: console.error). */
  printErr?: (line: string) => void;
  files?: FileAccess;
  /** Maximum interpreter steps per top-level `!` form. */
  maxSteps?: number;
  /** Wall-clock limit per top-level `!` form, in milliseconds. */
  timeoutMs?: number;
  /** Maximum number of results per top-level `!` form. */
  maxResults?: number;
  /** Maximum number of nodes in one result atom. */
  maxAtomSize?: number;
  /**
   * Memory budget per top-level `!` form, in MiB (absent or 0: none): what the engines hold
   * (stacks, plan, results, gathered lists, tabled answers), counted as it grows.
   */
  maxMemory?: number;
  /** Reads the host's JavaScript heap: a run stops when the heap nears its limit, whatever `maxMemory` says. */
  heapProbe?: HeapProbe;
  random?: () => number;
  /** Execution tier: 'vm' (bytecode VM, the default) or 'tree' (tree-walking interpreter). */
  engine?: EngineName;
  /** Memoise pure recursive functions on the VM (default true); `(pragma! tabling False)` turns it off too. */
  tabling?: boolean;
  /** Let the VM compile hot numeric procedures to JavaScript (default true; the CLI's `--jitless` sets false). */
  jit?: boolean;
  /**
   * Database backends for `open-space` and `selfSpace` (the browser build has
   * none; Node hosts pass `nodeStores` from `metta-vm/node`).
   */
  openStore?: StoreOpener;
  /** A URL (`sqlite:kb.db`, `postgres://…`) whose space becomes `&self`: what the program adds persists. */
  selfSpace?: string;
}

export interface FormResult {
  /** The `!` form as written. */
  readonly source: Atom;
  readonly results: Atom[];
  readonly line: number;
  /** True when a result limit (maxResults) cut the results of this form off at the cap. */
  readonly capped?: boolean;
}

export interface RunReport {
  readonly forms: FormResult[];
  /** Parse errors and the limit that stopped the run, as `file:line:col: message`. */
  readonly errors: string[];
  /** True when the run stopped early, at an error result (hyperon stops a file there) or a limit. */
  readonly stopped: boolean;
  /** The forms after the stop, which never ran (atoms among them were not added either). */
  readonly notRun: SkippedForm[];
  /** The limit that stopped the run, and the form it stopped; null when none did. */
  readonly limit: { readonly kind: LimitKind; readonly source: Atom; readonly line: number } | null;
}

export interface RunOptions {
  /** Stop at the first `!` form whose results contain an Error (hyperon's behaviour). Default true. */
  stopOnError?: boolean;
  /** Which `!` forms to evaluate; the others are skipped (no result). Default: all. */
  evaluateIf?: (form: Atom) => boolean;
}

interface Module {
  readonly name: string;
  readonly path: string | null;
  readonly space: GroundingSpace;
  readonly tokens: TokenTable;
}

export class MeTTa {
  readonly space: GroundingSpace;
  private readonly options: MeTTaOptions;
  private readonly pragmas = new Map<string, Atom>();
  private readonly modules = new Map<string, Module>();
  private readonly corelib: GroundingSpace;
  private readonly top: Module;
  /** The module whose forms are being run (for `bind!`, relative imports). */
  private current: Module;

  constructor(options: MeTTaOptions = {}) {
    this.options = options;
    this.corelib = standardLibrarySpace();
    this.space = options.selfSpace === undefined ? new GroundingSpace() : new GroundingSpace(this.openStore(options.selfSpace));
    if (options.selfSpace !== undefined) this.sharedSpaces.push(this.space);
    this.space.name = 'GroundingSpace-top';
    this.top = this.newModule('top', null, this.space);
    this.current = this.top;
  }

  private newModule(name: string, path: string | null, space: GroundingSpace): Module {
    space.addDependency(this.corelib);
    const tokens = standardTokens();
    const self = spaceAtom(space);
    tokens.registerWord('&self', () => self);
    const m: Module = { name, path, space, tokens };
    return m;
  }

  /** Stores this runner opened (closed by `close`). */
  private readonly stores: AtomStore[] = [];

  /** The store `url` names, from the host's backends; throws StoreError. */
  private openStore(url: string): AtomStore {
    const opener = this.options.openStore;
    if (opener === undefined) throw new StoreError(`open-space: no database backends in this host (cannot open ${url})`);
    const store = opener(url, (word) => this.top.tokens.lookup(word));
    if (store === null) throw new StoreError(`open-space: unknown space URL ${url} (expected sqlite:FILE or postgres://…)`);
    this.stores.push(store);
    return store;
  }

  /** Opens the space `url` names (as `open-space` does): a space in a database, shared with whoever else opens it. */
  openSpace(url: string): GroundingSpace {
    const space = new GroundingSpace(this.openStore(url));
    space.name = url;
    this.sharedSpaces.push(space);
    return space;
  }

  /** The spaces in databases this runner opened: other processes may write to them. */
  private readonly sharedSpaces: GroundingSpace[] = [];

  /**
   * Before a top-level evaluation: lets each database space see whether another
   * process wrote to it, so compiled rules and type caches built on it go stale.
   * A failure here (a dropped connection) is left to the evaluation's own queries to report.
   */
  private refreshShared(): void {
    if (this.active > 0) return;
    for (const s of this.sharedSpaces) {
      try {
        s.refresh();
      } catch (e) {
        if (!(e instanceof StoreError)) throw e;
      }
    }
  }

  /** Closes the database connections of the spaces this runner opened. */
  close(): void {
    for (const s of this.stores.splice(0)) s.close?.();
  }

  private hostObject: OpHost | null = null;
  /** What the operations may ask of the runner: built once, it reads the runner's current state. */
  private host(): OpHost {
    this.hostObject ??= this.newHost();
    return this.hostObject;
  }

  private newHost(): OpHost {
    // The options object may be changed in place between evaluations (the REPL does): read it at each use.
    const opts = this.options;
    return {
      print: (s: string) => (opts.print ?? console.log)(s),
      printErr: (s: string) => (opts.printErr ?? console.error)(s),
      setPragma: (k, v) => {
        this.pragmas.set(k, v);
        this.pragmaEpoch++;
      },
      getPragma: (k) => this.pragmas.get(k),
      bindToken: (token, atom) => this.current.tokens.registerWord(token, () => atom),
      importModule: (target, name) => this.importModule(target, name),
      includeModule: (name) => this.includeModule(name),
      moduleSpace: (name) => spaceAtom(this.loadModule(name).space),
      printModules: () => {
        for (const m of this.modules.values()) (opts.print ?? console.log)(`${m.name}: ${m.path ?? ''}`);
      },
      random: () => (opts.random ?? Math.random)(),
      openSpace: (url) => this.openSpace(url),
      openFile: (path, options) => {
        const open = opts.files?.openFile;
        if (open === undefined) throw new ExecError(`file-open! needs file access to open ${path}`);
        return open.call(opts.files, path, options);
      },
    };
  }

  /** Totals over every evaluation this runner made. */
  readonly stats: EngineStats = { steps: 0, fallbacks: 0, fallbackReasons: {}, tableHits: 0, tableMisses: 0, jitCalls: 0, deopts: 0, jitRefusals: {} };

  /** Bumped by every `pragma!`: the engine's limits are resolved again. */
  private pragmaEpoch = 0;
  /** The engine of top-level evaluations, kept with its stacks for the runner's life. */
  private engine: Engine | null = null;
  private engineEpoch = -1;
  /** Evaluations in progress: one started inside another (an `import!`) gets an engine of its own. */
  private active = 0;

  private newEngine(): Engine {
    const opts = this.engineOptions();
    const host = this.host();
    return (this.options.engine ?? 'vm') === 'vm' ? new VmEngine(host, opts) : new Machine(host, opts);
  }

  /** The options the kept engine was made with (the options object may change in place, as the REPL's does). */
  private made: MeTTaOptions = {};

  private machine(): Engine {
    if (this.active > 0) return this.newEngine();
    const o = this.options, m = this.made;
    if (this.engine === null || o.engine !== m.engine || o.maxSteps !== m.maxSteps || o.maxResults !== m.maxResults ||
      o.maxAtomSize !== m.maxAtomSize || o.tabling !== m.tabling || o.jit !== m.jit ||
      o.maxMemory !== m.maxMemory || o.heapProbe !== m.heapProbe) {
      this.engine = this.newEngine();
      this.made = { ...o };
      this.engineEpoch = this.pragmaEpoch;
    } else if (this.engineEpoch !== this.pragmaEpoch || o.timeoutMs !== undefined) {
      // Limits change only with a pragma, and the deadline with every form.
      this.engine.configure(this.engineOptions());
      this.engineEpoch = this.pragmaEpoch;
    }
    return this.engine!;
  }

  private engineOptions(): EngineOptions {
    const depth = this.pragmas.get('max-stack-depth');
    const d = depth === undefined ? 0 : Number(format(depth));
    const o = this.options;
    const opts: EngineOptions = {
      ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
      ...(o.timeoutMs !== undefined ? { deadline: Date.now() + o.timeoutMs } : {}),
      ...(o.maxResults !== undefined ? { maxResults: o.maxResults } : {}),
      ...(o.maxAtomSize !== undefined ? { maxAtomSize: o.maxAtomSize } : {}),
      maxStackDepth: Number.isFinite(d) ? d : 0,
      tabling: (o.tabling ?? true) && tablingPragma(this.pragmas.get('tabling')),
      ...(o.jit === false ? { jit: false } : {}),
      memory: memoryMeter(o.maxMemory === undefined ? undefined : o.maxMemory * MIB, o.heapProbe),
    };
    return opts;
  }

  private evaluateIn(atom: Atom, space: GroundingSpace, type: Atom = S.undefinedType): Atom[] {
    const e = this.machine();
    const s = e.stats;
    // A kept engine's counters are this evaluation's: zero them first.
    s.steps = 0;
    s.fallbacks = 0;
    clearCounts(s.fallbackReasons);
    clearCounts(s.jitRefusals);
    if (s.tableHits !== undefined) s.tableHits = 0;
    if (s.tableMisses !== undefined) s.tableMisses = 0;
    s.jitCalls = 0;
    s.deopts = 0;
    this.refreshShared();
    this.active++;
    try {
      return e.evaluate(atom, space, type);
    } finally {
      this.active--;
      this.stats.steps += s.steps;
      this.stats.fallbacks += s.fallbacks;
      addCounts(this.stats.fallbackReasons!, s.fallbackReasons);
      addCounts(this.stats.jitRefusals!, s.jitRefusals);
      this.stats.tableHits! += s.tableHits ?? 0;
      this.stats.tableMisses! += s.tableMisses ?? 0;
      this.stats.jitCalls += s.jitCalls;
      this.stats.deopts += s.deopts;
    }
  }

  /**
   * Evaluates one atom in the top space and returns all its results. A limit
   * throws LimitExceeded (for maxResults, its `partial` holds the results up to the cap).
   * With `type`, the atom is evaluated against it, as `(metta atom type &self)` does.
   */
  evaluate(atom: Atom, type: Atom = S.undefinedType): Atom[] {
    return this.evaluateIn(atom, this.space, type);
  }

  /** The top module's tokens: what hosts that parse MeTTa themselves (the bulk loader) parse with. */
  tokenTable(): TokenTable {
    return this.top.tokens;
  }

  /** Parses atoms with this runner's tokens (so `+` is the grounded operation, as in a program). */
  parse(text: string): Atom[] {
    return parseAll(text, this.top.tokens, '<parse>').map((f) => f.atom);
  }

  /**
   * Adds a grounded operation backed by a JS function, as a token of the top
   * module. Arguments arrive as atoms (evaluated or not, as `type` says); the
   * function returns an atom, a JS value (converted by fromJSExact; a value
   * it refuses makes the call an Error naming the value), or an array of atoms
   * for several results. A function returning a Promise makes the operation
   * asynchronous: use runAsync / evaluateAsync for programs that call it.
   * What the function throws becomes an `(Error <call> <message>)` atom.
   */
  registerOperation(name: string, type: string | Atom, fn: (...args: Atom[]) => unknown): Atom {
    const t = typeof type === 'string' ? this.operationType(name, type) : type;
    // A value with no exact atom throws here, so the call becomes an Error naming it.
    const toResults = (r: unknown): Atom[] => (Array.isArray(r) && r.every(isAtom) ? r : [fromJSExact(r)]);
    const probe = (args: readonly Atom[]): unknown => fn(...args);
    const op = asyncLike(fn)
      ? asyncOperation(name, t, async (args) => toResults(await probe(args)))
      : operation(name, t, (args) => {
          const r = probe(args);
          if (r instanceof Promise) throw new ExecError(`${name} returned a Promise: register it as an async function and use runAsync`);
          return toResults(r);
        });
    this.top.tokens.registerWord(name, () => op);
    return op;
  }

  /** A registered operation's type from text: exactly one atom, or an error that names the operation. */
  private operationType(name: string, text: string): Atom {
    let atoms: Atom[];
    try {
      atoms = this.parse(text);
    } catch (e) {
      if (e instanceof ParseError) throw new TypeError(`registerOperation ${name}: its type ${JSON.stringify(text)} does not parse: ${e.message}`);
      throw e;
    }
    if (atoms.length !== 1) throw new TypeError(`registerOperation ${name}: its type ${JSON.stringify(text)} must be one atom, not ${atoms.length}`);
    return atoms[0]!;
  }

  /**
   * Like run, for programs that call asynchronous operations (tree-walking engine).
   * Rejects with MettaRunError exactly when run would throw it.
   */
  async runAsync(source: string, file = '<string>'): Promise<Atom[][]> {
    const report = await this.runReportAsync(source, file);
    throwIfIncomplete(report);
    return report.forms.map((f) => f.results);
  }

  /** Evaluates one atom where asynchronous operations may be awaited. */
  async evaluateAsync(atom: Atom): Promise<Atom[]> {
    this.refreshShared();
    const m = new Machine(this.host(), this.engineOptions());
    try {
      return await m.evaluateAsync(atom, this.space);
    } finally {
      this.stats.steps += m.stats.steps;
    }
  }

  /**
   * Runs a program; returns the results of its `!` forms (an array per form).
   * A program that does not run in full throws MettaRunError, which carries the
   * results of the forms that ran: a step, time, size or result limit stopped it
   * (a result limit keeps the form's results up to the cap), some text did not
   * parse (the other forms ran), or an Error result stopped it with forms left
   * (as hyperon stops a program there; the Error is the last result).
   */
  run(source: string, file = '<string>'): Atom[][] {
    const report = this.runReport(source, file);
    throwIfIncomplete(report);
    return report.forms.map((f) => f.results);
  }

  /** Like run, but never throws for the program: everything is in the report. */
  runReport(source: string, file = '<string>', options: RunOptions = {}): RunReport {
    return this.runIn(this.top, source, file, options);
  }

  /** runReport for programs that call asynchronous operations (tree-walking engine). */
  async runReportAsync(source: string, file = '<string>', options: RunOptions = {}): Promise<RunReport> {
    sourceText(source);
    const run = new FormRun(new Parser(source, file), file, this.top, options);
    for (let f = this.nextForm(run); f !== null; f = this.nextForm(run)) {
      let results: Atom[] | null;
      try {
        results = await this.evaluateAsync(f.atom);
      } catch (e) {
        results = stoppedBy(e, run, f);
      }
      run.record(f, results);
    }
    return run.report();
  }

  private runIn(module: Module, source: string, file: string, options: RunOptions): RunReport {
    sourceText(source);
    const run = new FormRun(new Parser(source, file), file, module, options);
    const saved = this.current;
    this.current = module;
    try {
      for (let f = this.nextForm(run); f !== null; f = this.nextForm(run)) {
        let results: Atom[] | null;
        try {
          results = this.evaluateIn(f.atom, module.space);
        } catch (e) {
          results = stoppedBy(e, run, f);
        }
        run.record(f, results);
      }
    } finally {
      this.current = saved;
    }
    return run.report();
  }

  /**
   * The next `!` form to evaluate, or null at the end of the source or when the
   * run has stopped (the forms left are then listed as not run). Atoms without
   * `!` are added to the module's space on the way; parse errors are recorded.
   */
  private nextForm(run: FormRun): TopForm | null {
    const module = run.module;
    for (;;) {
      if (run.stopped) {
        run.skipRest();
        return null;
      }
      let form;
      try {
        form = run.parser.next(module.tokens);
      } catch (e) {
        if (e instanceof ParseError) {
          run.errors.push(e.format());
          continue;
        }
        throw e;
      }
      if (form === null) return null;
      // With (pragma! type-check auto) an ill-typed atom is an error, added or evaluated.
      if (this.typeCheckAuto() && !validateAtom(module.space, form.atom)) {
        run.record(form, [expr([S.error, form.atom, S.badType])]);
        continue;
      }
      if (!form.exec) {
        try {
          module.space.add(form.atom);
        } catch (e) {
          if (!(e instanceof StoreError)) throw e;
          run.record(form, [storeErrorAtom(form.atom, e)]);
        }
      } else if (run.evaluateIf === undefined || run.evaluateIf(form.atom)) return form;
    }
  }

  private typeCheckAuto(): boolean {
    const v = this.pragmas.get('type-check');
    return v !== undefined && v.kind === SYMBOL && v.name === 'auto';
  }

  // Modules -----------------------------------------------------------------

  private moduleDir(): string {
    const p = this.current.path;
    if (p === null) return this.baseDir;
    const i = p.lastIndexOf('/');
    return i < 0 ? '.' : p.slice(0, i);
  }

  /** Directory that module names of the top program are resolved against. */
  baseDir = '.';

  private loadModule(nameAtom: Atom): Module {
    const name = moduleName(nameAtom);
    const files = this.options.files;
    if (files === undefined) throw new ExecError(`import! needs file access to load module ${name}`);
    const rel = name.split(':').join('/');
    const dir = this.moduleDir();
    const candidates = rel.endsWith('.metta')
      ? [joinPath(dir, rel)]
      : [joinPath(dir, rel + '.metta'), joinPath(dir, rel + '/module.metta')];
    for (const path of candidates) {
      const cached = this.modules.get(path);
      if (cached !== undefined) return cached;
      const text = files.readFile(path);
      if (text === null) continue;
      const module = this.newModule(name, path, new GroundingSpace());
      this.modules.set(path, module);
      const report = this.runIn(module, text, path, { stopOnError: true });
      if (report.errors.length > 0) throw new ExecError(`module ${name}: ${report.errors[0]!}`);
      return module;
    }
    throw new ExecError(`Failed to resolve module ${name}`);
  }

  private importModule(target: Atom, nameAtom: Atom): Atom[] {
    const module = this.loadModule(nameAtom);
    if (target.kind === SYMBOL) {
      const sp = spaceAtom(module.space);
      this.current.tokens.registerWord(target.name, () => sp);
      return [UNIT];
    }
    if (target.kind !== EXPRESSION && target.value !== null) {
      // &self (or another space): make the module's atoms visible there.
      const v = target.value as { space?: GroundingSpace };
      if (v.space instanceof GroundingSpace) {
        v.space.addDependency(module.space);
        return [UNIT];
      }
    }
    throw new ExecError('import! expects a space or a symbol as the first argument');
  }

  private includeModule(nameAtom: Atom): Atom[] {
    const name = moduleName(nameAtom);
    const files = this.options.files;
    if (files === undefined) throw new ExecError(`include needs file access to load ${name}`);
    const rel = name.split(':').join('/');
    const path = joinPath(this.moduleDir(), rel.endsWith('.metta') ? rel : rel + '.metta');
    const text = files.readFile(path);
    if (text === null) throw new ExecError(`Failed to resolve module ${name}`);
    const report = this.runIn(this.current, text, path, { stopOnError: true });
    const last = report.forms[report.forms.length - 1];
    return last === undefined ? [UNIT] : last.results;
  }
}

function moduleName(a: Atom): string {
  if (a.kind === SYMBOL) return a.name;
  const s = stringOf(a);
  if (s !== null) return s;
  throw new ExecError(`module name expected, found ${format(a)}`);
}

function joinPath(dir: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  const parts = (dir === '' ? '.' : dir).split('/');
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..' && parts.length > 0 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '.') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

/** The state of one run over a source text, shared by the synchronous and asynchronous loops. */
class FormRun {
  readonly forms: FormResult[] = [];
  readonly errors: string[] = [];
  readonly notRun: SkippedForm[] = [];
  limit: RunReport['limit'] = null;
  stopped = false;
  readonly parser: Parser;
  readonly file: string;
  readonly module: Module;
  private readonly stopOnError: boolean;
  /** Which `!` forms to evaluate (the rest are passed over): RunOptions.evaluateIf. */
  readonly evaluateIf: ((form: Atom) => boolean) | undefined;
  constructor(parser: Parser, file: string, module: Module, options: RunOptions) {
    this.parser = parser;
    this.file = file;
    this.module = module;
    this.stopOnError = options.stopOnError ?? true;
    this.evaluateIf = options.evaluateIf;
  }

  /** The results of a form that ran (null: a limit stopped it and stoppedBy recorded it). */
  record(form: TopForm, results: Atom[] | null): void {
    if (results === null) return;
    this.forms.push({ source: form.atom, results, line: form.pos.line });
    if (this.stopOnError && results.some(isErrorAtom)) this.stopped = true;
  }

  /** Lists what is left of the source as not run; text that does not parse there is skipped. */
  skipRest(): void {
    for (;;) {
      let form;
      try {
        form = this.parser.next(this.module.tokens);
      } catch (e) {
        if (e instanceof ParseError) continue;
        throw e;
      }
      if (form === null) return;
      this.notRun.push({ source: form.atom, exec: form.exec, line: form.pos.line });
    }
  }

  report(): RunReport {
    return { forms: this.forms, errors: this.errors, stopped: this.stopped, notRun: this.notRun, limit: this.limit };
  }
}

/**
 * What an evaluation that threw leaves of its form: a limit stops the run (a
 * result limit keeps the results up to the cap, recorded here), a structure too
 * deep for a part of the engine that still recurses in JS is the reference's
 * too-deep Error; anything else is a bug and propagates.
 */
function stoppedBy(e: unknown, run: FormRun, form: TopForm): Atom[] | null {
  // A RangeError other than the JS stack's (an array or string past the JS engine's size limit) is memory running out.
  if (e instanceof RangeError && !isStackOverflow(e)) {
    e = new LimitExceeded('memory', `out of memory (the JavaScript engine's limit: ${e.message})`);
  }
  if (e instanceof LimitExceeded) {
    const { line, col } = form.pos;
    run.errors.push(`${run.file}:${line}:${col}: ${e.message} while evaluating ${format(form.atom)}`);
    run.limit = { kind: e.kind, source: form.atom, line };
    run.stopped = true;
    if (e.kind === 'results') run.forms.push({ source: form.atom, results: [...e.partial], line, capped: true });
    return null;
  }
  if (e instanceof RangeError) return [expr([S.error, form.atom, S.stackOverflow])];
  if (e instanceof StoreError) return [storeErrorAtom(form.atom, e)];
  throw e;
}

/** Is e the JS call stack running out (V8: "Maximum call stack size exceeded"; SpiderMonkey: "too much recursion")? */
function isStackOverflow(e: RangeError): boolean {
  return /call stack|recursion/i.test(e.message);
}

/** A database failure as the form's result: `(Error <form> "<message>")`. */
function storeErrorAtom(form: Atom, e: StoreError): Atom {
  return expr([S.error, form, makeString(e.message)]);
}

export { formatResults, S };

/** A program handed over from untyped JS that is not text fails here, with a message that says so. */
function sourceText(source: unknown): void {
  if (typeof source !== 'string') throw new TypeError(`a MeTTa program must be source text (a string), not ${source === null ? 'null' : typeof source}`);
}

function isAtom(v: unknown): v is Atom {
  return v instanceof Object && 'kind' in v && 'hash' in v && 'items' in v;
}

/** Whether a function is declared async (its results will be awaited). */
function asyncLike(fn: (...args: Atom[]) => unknown): boolean {
  return fn.constructor.name === 'AsyncFunction';
}

/** `(pragma! tabling False)` (or off) turns tabling off; unset or True leaves it on. */
function tablingPragma(v: Atom | undefined): boolean {
  if (v === undefined) return true;
  const s = format(v);
  return !(s === 'False' || s === 'false' || s === 'off');
}

