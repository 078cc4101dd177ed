// Compiles forms and the `=` rules they reach, once per space version. A
// Program holds every chunk and procedure compiled for one version of a
// space; any change to the space (its `version`) starts a new Program.
import { Atom, SYMBOL, EXPRESSION, atomEq } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import type { GroundingSpace } from '../space/space.js';
import { Chunk } from './chunk.js';
import { Emitter } from './emit.js';
import { isNondet, type LoweredRule } from './ir.js';
import { Lowerer, CompileFail, type ProcResolver } from './lower.js';
import { N_CONST, type Pattern } from './patterns.js';
import { spaceInfo, type SpaceInfo } from './space-info.js';
import { OP, TY_INHERIT, TY_UNDEF } from './opcodes.js';
import { verifyChunk } from './verify.js';
import { AnswerTable, shouldTable, type TableTotals } from './tabling.js';
import { FormCache, FORM_CACHE_LIMIT } from './form-cache.js';
import { fastFormChunk } from './fast-form.js';
import { staticTypeErrors, constantResultsChunk } from './typed-entry.js';
import { typeOfSpec } from './type-specs.js';

export interface Rule {
  readonly pats: ReadonlyArray<Pattern | null>;
  readonly chunk: Chunk;
  /** The first argument's pattern when it is a ground atom: a cheap test before matching. */
  readonly first: Atom | null;
}

/** All rules of one function of one arity, compiled together. */
export class Proc {
  readonly id: number;
  readonly head: Atom;
  readonly arity: number;
  readonly sources: readonly Atom[];
  lowered: LoweredRule[] | null = null;
  rules: Rule[] = [];
  /** Some rule could not be compiled: calling it hands the whole form to the tree-walker. */
  failed = false;
  /** May give more than one result. */
  nondet = false;
  /** Its answers, when the procedure is tabled (pure, and calls its own recursion twice). */
  table: AnswerTable | null = null;
  /** Its rules run as `eval` finds them (their bodies as minimal-MeTTa code, raw results; no rule: NotReducible). */
  minimal = false;
  /** The largest depth bound of its rules' chunks (depth-bound.ts); -1 until first asked. */
  depthBound = -1;
  constructor(id: number, head: Atom, arity: number, sources: readonly Atom[]) {
    this.id = id;
    this.head = head;
    this.arity = arity;
    this.sources = sources;
  }
}

export class Program implements ProcResolver {
  readonly info: SpaceInfo;
  readonly chunks: Chunk[] = [];
  readonly procs: Proc[] = [];
  private readonly procIndex = new Map<Atom, Map<number, number>>();
  private readonly minimalIndex = new Map<Atom, Map<number, number>>();
  /** Top-level forms' chunks, one cache per requested type spec (TY_UNDEF for a plain `!`). */
  private forms = new Map<number, FormCache>();
  /** Chunk-table places of the cached forms' chunks: they are given back when the caches start again. */
  private formSlots: number[] = [];
  /** Places no chunk uses any more, reused by the next chunks registered. */
  private freeSlots: number[] = [];
  /** Places given back while a run was in progress: freed when the last run on this program ends. */
  private retiredSlots: number[] = [];
  /** Runs in progress on this program (a re-entrant run nests); their frames may refer to any chunk. */
  private active = 0;
  private pending: Proc[] = [];
  /** Entries over every answer table of this program (bounded). */
  readonly tableTotals: TableTotals = { entries: 0, answers: 0 };

  constructor(info: SpaceInfo) {
    this.info = info;
  }

  resolve(head: Atom, arity: number): number | 'none' | null {
    return this.resolveIn(this.procIndex, head, arity, false);
  }

  /** The procedure `(chain (eval (head a1 … an)) $v $v)` calls: the rules' bodies run as minimal-MeTTa code. */
  resolveMinimal(head: Atom, arity: number): number | 'none' | null {
    return this.resolveIn(this.minimalIndex, head, arity, true);
  }

  private resolveIn(index: Map<Atom, Map<number, number>>, head: Atom, arity: number, minimal: boolean): number | 'none' | null {
    let byArity = index.get(head);
    if (byArity === undefined) {
      byArity = new Map();
      index.set(head, byArity);
    }
    const known = byArity.get(arity);
    if (known !== undefined) return known;
    const rules = this.info.rulesFor(head, arity);
    if (rules === null) return null;
    if (rules.length === 0) return 'none';
    const p = new Proc(this.procs.length, head, arity, rules);
    p.minimal = minimal;
    this.procs.push(p);
    byArity.set(arity, p.id);
    this.pending.push(p);
    return p.id;
  }

  /**
   * The chunk for a top-level form evaluated against type spec `ty` (`metta(form, ty)`),
   * or null when the form must be handed to the tree-walker. Cached per (form, type).
   */
  compileForm(form: Atom, ty: number = TY_UNDEF, logic = false): Chunk | null {
    // A logic-mode chunk (the form's variables as values, `Chunk.formVars`) is cached apart.
    const key = logic ? -1 - ty : ty;
    let cache = this.forms.get(key);
    const cached = cache?.get(form);
    if (cached !== undefined) return cached;
    const chunk = ty !== TY_UNDEF ? this.compileTyped(form, ty) : logic ? this.compileGeneral(form) : this.compileFresh(form);
    if (this.formSlots.length >= FORM_CACHE_LIMIT) {
      // The table keeps at most this many form chunks: start the caches again, give their places back.
      this.forms = new Map();
      cache = undefined;
      if (this.active === 0) this.free(this.formSlots);
      else for (const s of this.formSlots) this.retiredSlots.push(s);
      this.formSlots = [];
    }
    if (chunk !== null) {
      this.register(chunk);
      this.formSlots.push(chunk.id);
    }
    if (cache === undefined) {
      cache = new FormCache();
      this.forms.set(key, cache);
    }
    cache.set(form, chunk);
    return chunk;
  }

  /** A run on this program starts: chunk places stay as they are until every run has ended. */
  enterRun(): void {
    this.active++;
  }

  exitRun(): void {
    if (--this.active === 0 && this.retiredSlots.length > 0) {
      this.free(this.retiredSlots);
      this.retiredSlots = [];
    }
  }

  private free(slots: readonly number[]): void {
    for (const s of slots) {
      this.chunks[s]!.id = -1;
      this.chunks[s] = RETIRED;
      this.freeSlots.push(s);
    }
  }

  /**
   * `metta(form, T)` for a ground type T other than %Undefined%: the form's
   * own type check first, as the tree-walker's interpretExpression makes it
   * (decided by the declarations alone, so once per program), then the form
   * compiled with T as the type its result is evaluated against.
   */
  private compileTyped(form: Atom, ty: number): Chunk | null {
    const errors = staticTypeErrors(this.info.space, form, typeOfSpec(ty));
    if (errors !== null) return this.verified(constantResultsChunk(form, errors));
    try {
      const lowered = new Lowerer(this.info, this).lowerForm(form);
      this.completePending();
      return this.verified(Emitter.chunk('form', lowered, 0, ty, this.nondetOf));
    } catch (e) {
      if (!(e instanceof CompileFail)) throw e;
      return null;
    }
  }

  /**
   * Compiles a top-level form afresh (the rules it reaches are compiled into
   * this program once): a verified chunk, not yet registered (see register),
   * or null when the form must be handed to the tree-walker.
   */
  compileFresh(form: Atom): Chunk | null {
    return fastFormChunk(form, this.info) ?? this.compileGeneral(form);
  }

  /** compileFresh by the general path alone (lower to IR, emit, verify), for forms the one-pass path does not take. */
  compileGeneral(form: Atom): Chunk | null {
    try {
      const lowered = new Lowerer(this.info, this).lowerForm(form);
      this.completePending();
      return this.verified(Emitter.chunk('form', lowered, 0, TY_UNDEF, this.nondetOf));
    } catch (e) {
      if (!(e instanceof CompileFail)) throw e;
      return null;
    }
  }

  /** Gives a chunk its place in the chunk table, which frames and choice points refer to it by. */
  register(chunk: Chunk): Chunk {
    if (chunk.id >= 0) return chunk;
    const free = this.freeSlots.pop();
    if (free === undefined) chunk.id = this.chunks.push(chunk) - 1;
    else {
      this.chunks[free] = chunk;
      chunk.id = free;
    }
    return chunk;
  }

  private scratch = -1;
  /**
   * Puts a chunk that is run once and not kept in the one scratch place of the
   * table (the previous occupant loses it), so running many such chunks does
   * not grow the table. For runs that cannot nest (executeCompiled).
   */
  lend(chunk: Chunk): Chunk {
    if (this.scratch < 0) this.scratch = this.chunks.push(chunk) - 1;
    this.chunks[this.scratch] = chunk;
    chunk.id = this.scratch;
    return chunk;
  }

  /** Compiles every rule of the space (for the disassembler). */
  compileAll(): void {
    for (const a of this.info.space.candidates(S.equals)) {
      if (a.kind !== EXPRESSION || a.items.length !== 3 || a.items[0] !== S.equals) continue;
      const h = a.items[1]!;
      if (h.kind === EXPRESSION && h.items.length > 0 && h.items[0]!.kind === SYMBOL) {
        this.resolve(h.items[0]!, h.items.length - 1);
      }
    }
    this.completePending();
  }

  private readonly nondetOf = (id: number): boolean => this.procs[id]!.nondet;

  /** Lowers the procedures reached so far, decides which are deterministic, then emits them. */
  private completePending(): void {
    const batch: Proc[] = [];
    while (this.pending.length > 0) {
      const p = this.pending.pop()!;
      batch.push(p);
      try {
        const lowerer = new Lowerer(this.info, this);
        p.lowered = p.sources.map((r) => (p.minimal ? lowerer.lowerMinimalRule(r) : lowerer.lowerRule(r)));
      } catch (e) {
        if (!(e instanceof CompileFail)) throw e;
        p.failed = true;
      }
    }
    // Greatest fixpoint: assume deterministic, then mark whatever can give several results.
    for (const p of batch) p.nondet = false;
    let changed = true;
    while (changed) {
      changed = false;
      for (const p of batch) {
        if (p.nondet || p.lowered === null) continue;
        if (p.lowered.length > 1 || p.lowered.some((r) => isNondet(r.body, this.nondetOf))) {
          p.nondet = true;
          changed = true;
        }
      }
    }
    for (const p of batch) {
      if (p.lowered === null) continue;
      p.rules = p.lowered.map((r, i) => {
        const chunk = this.add(Emitter.chunk(`${p.head.name}/${p.arity}#${i}`, r, p.arity, TY_INHERIT, this.nondetOf));
        const f = r.pats[0];
        return { pats: r.pats, chunk, first: f != null && f.root.kind === N_CONST ? f.root.atom : null };
      });
    }
    for (const p of batch) if (!p.minimal && shouldTable(p, this.info, this.procs)) p.table = new AnswerTable();
  }

  private add(chunk: Chunk): Chunk {
    return this.register(this.verified(chunk));
  }

  private verified(chunk: Chunk): Chunk {
    const v = verifyChunk(chunk);
    if (v.errors.length > 0) throw new Error(`vm compiler produced a bad chunk: ${v.errors.join('; ')}`);
    chunk.maxStack = v.maxStack;
    return chunk;
  }

  procName(id: number): string {
    const p = this.procs[id];
    return p === undefined ? `#${id}` : `${p.head.name}/${p.arity}`;
  }
}

/** What a given-back place of the chunk table holds until it is reused (no frame refers to it any more). */
const RETIRED = new Chunk('retired', new Int32Array([OP.FAIL]), [], [], [], new Int32Array(1), [], 0, 0);

const programs = new WeakMap<GroundingSpace, Program>();

/** The compiled program for the space's current version. */
export function programFor(space: GroundingSpace): Program {
  const info = spaceInfo(space);
  let p = programs.get(space);
  if (p === undefined || p.info !== info) {
    p = new Program(info);
    programs.set(space, p);
  }
  return p;
}

export function quickFilterPasses(rule: Rule, firstArg: Atom): boolean {
  return rule.first === null || atomEq(rule.first, firstArg);
}
