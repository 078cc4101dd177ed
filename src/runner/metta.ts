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
import { Parser, ParseError } from '../syntax/parser.js';
import type { TokenTable } from '../syntax/tokens.js';
import { format, formatResults } from '../syntax/printer.js';
import { standardTokens, standardLibrarySpace } from '../stdlib/index.js';
import { ExecError, operation, asyncOperation, type OpHost } from '../stdlib/operation.js';
import { fromJS } from './js-values.js';
import { Machine } from '../interp/machine.js';
import { LimitExceeded } from './limits.js';
import { VmEngine } from '../vm/index.js';
import type { Engine, EngineName, EngineOptions, EngineStats } from './engine.js';
import { isErrorAtom } from '../interp/values.js';
import { UNIT } from '../atom/symbols.js';

/** File access granted by the host; without it `import!` cannot load files. */
export interface FileAccess {
  readFile(path: string): string | null;
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
}

export interface RunReport {
  readonly forms: FormResult[];
  readonly errors: string[];
  /** True when the run stopped early at an error result (hyperon stops a file there). */
  readonly stopped: boolean;
}

export interface RunOptions {
  /** Stop at the first `!` form whose results contain an Error (hyperon's behaviour). Default true. */
  stopOnError?: boolean;
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
    return space;
  }

  /** Closes the database connections of the spaces this runner opened. */
  close(): void {
    for (const s of this.stores.splice(0)) s.close?.();
  }

  private host(): OpHost {
    const opts = this.options;
    return {
      print: opts.print ?? ((s: string) => console.log(s)),
      printErr: opts.printErr ?? ((s: string) => console.error(s)),
      setPragma: (k, v) => void this.pragmas.set(k, v),
      getPragma: (k) => this.pragmas.get(k),
      bindToken: (token, atom) => this.current.tokens.registerWord(token, () => atom),
      importModule: (target, name) => this.importModule(target, name),
      includeModule: (name) => this.includeModule(name),
      moduleSpace: (name) => spaceAtom(this.loadModule(name).space),
      printModules: () => {
        for (const m of this.modules.values()) (opts.print ?? console.log)(`${m.name}: ${m.path ?? ''}`);
      },
      random: opts.random ?? Math.random,
      openSpace: (url) => this.openSpace(url),
    };
  }

  /** Totals over every evaluation this runner made. */
  readonly stats: EngineStats = { steps: 0, fallbacks: 0, tableHits: 0, tableMisses: 0, jitCalls: 0, deopts: 0 };

  private machine(): Engine {
    const opts = this.engineOptions();
    const host = this.host();
    return (this.options.engine ?? 'vm') === 'vm' ? new VmEngine(host, opts) : new Machine(host, opts);
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
    };
    return opts;
  }

  private evaluateIn(atom: Atom, space: GroundingSpace): Atom[] {
    const e = this.machine();
    try {
      return e.evaluate(atom, space);
    } finally {
      this.stats.steps += e.stats.steps;
      this.stats.fallbacks += e.stats.fallbacks;
      this.stats.tableHits! += e.stats.tableHits ?? 0;
      this.stats.tableMisses! += e.stats.tableMisses ?? 0;
      this.stats.jitCalls += e.stats.jitCalls;
      this.stats.deopts += e.stats.deopts;
    }
  }

  /** Evaluates one atom in the top space and returns all its results. */
  evaluate(atom: Atom): Atom[] {
    return this.evaluateIn(atom, this.space);
  }

  /** Parses atoms with this runner's tokens (so `+` is the grounded operation, as in a program). */
  /** The top module's tokens: what hosts that parse MeTTa themselves (the bulk loader) parse with. */
  tokenTable(): TokenTable {
    return this.top.tokens;
  }

  parse(text: string): Atom[] {
    const out: Atom[] = [];
    const p = new Parser(text, '<parse>');
    for (let f = p.next(this.top.tokens); f !== null; f = p.next(this.top.tokens)) out.push(f.atom);
    return out;
  }

  /**
   * Adds a grounded operation backed by a JS function, as a token of the top
   * module. Arguments arrive as atoms (evaluated or not, as `type` says); the
   * function returns an atom, a JS value (see fromJS), or an array of atoms
   * for several results. A function returning a Promise makes the operation
   * asynchronous: use runAsync / evaluateAsync for programs that call it.
   * What the function throws becomes an `(Error <call> <message>)` atom.
   */
  registerOperation(name: string, type: string | Atom, fn: (...args: Atom[]) => unknown): Atom {
    const t = typeof type === 'string' ? this.parse(type)[0] ?? S.undefinedType : type;
    const toResults = (r: unknown): Atom[] => (Array.isArray(r) && r.every(isAtom) ? r : [fromJS(r)]);
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

  /** Like run, for programs that call asynchronous operations (tree-walking engine). */
  async runAsync(source: string, file = '<string>'): Promise<Atom[][]> {
    const out: Atom[][] = [];
    const parser = new Parser(source, file);
    for (let f = parser.next(this.top.tokens); f !== null; f = parser.next(this.top.tokens)) {
      if (!f.exec) {
        this.top.space.add(f.atom);
        continue;
      }
      const results = await this.evaluateAsync(f.atom);
      out.push(results);
      if (results.some(isErrorAtom)) break;
    }
    return out;
  }

  /** Evaluates one atom where asynchronous operations may be awaited. */
  async evaluateAsync(atom: Atom): Promise<Atom[]> {
    const m = new Machine(this.host(), this.engineOptions());
    try {
      return await m.evaluateAsync(atom, this.space);
    } finally {
      this.stats.steps += m.stats.steps;
    }
  }

  /** Runs a program; returns the results of its `!` forms (an array per form). */
  run(source: string, file = '<string>'): Atom[][] {
    return this.runReport(source, file).forms.map((f) => f.results);
  }

  runReport(source: string, file = '<string>', options: RunOptions = {}): RunReport {
    return this.runIn(this.top, source, file, options);
  }

  private runIn(module: Module, source: string, file: string, options: RunOptions): RunReport {
    const stopOnError = options.stopOnError ?? true;
    const forms: FormResult[] = [];
    const errors: string[] = [];
    const parser = new Parser(source, file);
    const saved = this.current;
    this.current = module;
    let stopped = false;
    try {
      for (;;) {
        let form;
        try {
          form = parser.next(module.tokens);
        } catch (e) {
          if (e instanceof ParseError) {
            errors.push(e.format());
            continue;
          }
          throw e;
        }
        if (form === null) break;
        // With (pragma! type-check auto) an ill-typed atom is an error, added or evaluated.
        if (this.typeCheckAuto() && !validateAtom(module.space, form.atom)) {
          forms.push({ source: form.atom, results: [expr([S.error, form.atom, S.badType])], line: form.pos.line });
          if (stopOnError) {
            stopped = true;
            break;
          }
          continue;
        }
        if (!form.exec) {
          try {
            module.space.add(form.atom);
          } catch (e) {
            if (!(e instanceof StoreError)) throw e;
            forms.push({ source: form.atom, results: [storeErrorAtom(form.atom, e)], line: form.pos.line });
            if (stopOnError) {
              stopped = true;
              break;
            }
          }
          continue;
        }
        let results: Atom[];
        try {
          results = this.evaluateIn(form.atom, module.space);
        } catch (e) {
          if (e instanceof LimitExceeded) {
            errors.push(`${file}:${form.pos.line}:${form.pos.col}: ${e.message} while evaluating ${format(form.atom)}`);
            stopped = true;
            break;
          }
          // A structure too deep for a part of the engine that still recurses in JS:
          // report it as the reference reports a too-deep evaluation.
          if (e instanceof RangeError) results = [expr([S.error, form.atom, S.stackOverflow])];
          else if (e instanceof StoreError) results = [storeErrorAtom(form.atom, e)];
          else throw e;
        }
        forms.push({ source: form.atom, results, line: form.pos.line });
        if (stopOnError && results.some(isErrorAtom)) {
          stopped = true;
          break;
        }
      }
    } finally {
      this.current = saved;
    }
    return { forms, errors, stopped };
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

/** A database failure as the form's result: `(Error <form> "<message>")`. */
function storeErrorAtom(form: Atom, e: StoreError): Atom {
  return expr([S.error, form, makeString(e.message)]);
}

export { formatResults, S };

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
