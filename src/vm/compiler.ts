// Compiles forms and the `=` rules they reach, once per space version. A
// Program holds every chunk and procedure compiled for one version of a
// space; any change to the space (its `version`) starts a new Program.
import { Atom, SYMBOL, EXPRESSION, atomEq } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import type { GroundingSpace } from '../space/space.js';
import type { Chunk } from './chunk.js';
import { Emitter } from './emit.js';
import { isNondet, type LoweredRule } from './ir.js';
import { Lowerer, CompileFail, type ProcResolver } from './lower.js';
import { N_CONST, type Pattern } from './patterns.js';
import { spaceInfo, type SpaceInfo } from './space-info.js';
import { TY_INHERIT, TY_UNDEF } from './opcodes.js';
import { verifyChunk } from './verify.js';
import { AnswerTable, shouldTable, type TableTotals } from './tabling.js';
import { FormCache } from './form-cache.js';
import { fastFormChunk } from './fast-form.js';

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
  private readonly forms = new FormCache();
  private pending: Proc[] = [];
  /** Entries over every answer table of this program (bounded). */
  readonly tableTotals: TableTotals = { entries: 0, answers: 0 };

  constructor(info: SpaceInfo) {
    this.info = info;
  }

  resolve(head: Atom, arity: number): number | 'none' | null {
    let byArity = this.procIndex.get(head);
    if (byArity === undefined) {
      byArity = new Map();
      this.procIndex.set(head, byArity);
    }
    const known = byArity.get(arity);
    if (known !== undefined) return known;
    const rules = this.info.rulesFor(head, arity);
    if (rules === null) return null;
    if (rules.length === 0) return 'none';
    const p = new Proc(this.procs.length, head, arity, rules);
    this.procs.push(p);
    byArity.set(arity, p.id);
    this.pending.push(p);
    return p.id;
  }

  /** The chunk for a top-level form, or null when the form must be handed to the tree-walker. */
  compileForm(form: Atom): Chunk | null {
    const cached = this.forms.get(form);
    if (cached !== undefined) return cached;
    const chunk = this.compileFresh(form);
    if (chunk !== null) this.register(chunk);
    this.forms.set(form, chunk);
    return chunk;
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
    if (chunk.id < 0) chunk.id = this.chunks.push(chunk) - 1;
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
        p.lowered = p.sources.map((r) => lowerer.lowerRule(r));
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
    for (const p of batch) if (shouldTable(p, this.info, this.procs)) p.table = new AnswerTable();
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
