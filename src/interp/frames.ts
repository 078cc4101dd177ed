// Continuation frames of the tree-walking interpreter. A frame is what waits
// for a value: when an alternative finishes a sub-evaluation it hands the
// value (with its bindings) to its frame, which schedules what comes next.
// Frames are shared by alternatives, so every frame is immutable except the
// collecting ones, which gather the results of all alternatives below them.
import { Atom, EXPRESSION, expr, atomEq } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { collectVars, type Bindings, type VarKey } from '../match/bindings.js';
import type { GroundingSpace } from '../space/space.js';
import { isErrorAtom, substituteVariable, bindingsAtom } from './values.js';
import type { Machine } from './machine.js';
import { LimitExceeded, checkAtomSize } from '../runner/limits.js';

export abstract class Frame {
  readonly parent: Frame | null;
  /** Number of frames below this one: the MeTTa stack depth. */
  readonly depth: number;
  constructor(parent: Frame | null) {
    this.parent = parent;
    this.depth = parent === null ? 0 : parent.depth + 1;
  }
  abstract resume(m: Machine, value: Atom, b: Bindings): void;
  /** Called for collecting frames when every alternative below them has finished. */
  finish(_m: Machine): void {}
  /** Adds the variables this frame still refers to (their bindings must be kept). */
  liveVars(_into: Set<VarKey>): void {}
}

function atomsVars(atoms: readonly Atom[], into: Set<VarKey>): void {
  for (const a of atoms) if (!a.ground) collectVars(a, into);
}

/**
 * The items of a tuple or call evaluated so far, newest first. Alternatives
 * share their common prefix, so extending one is O(1) (copying an array per
 * item made evaluating an n-item tuple O(n²): minutes for a collapsed match
 * of 10^5 answers).
 */
export class Done {
  readonly value: Atom;
  readonly prev: Done | null;
  constructor(value: Atom, prev: Done | null) {
    this.value = value;
    this.prev = prev;
  }
}

/** The `n` values of `d`, oldest first. */
function doneItems(d: Done | null, n: number): Atom[] {
  const out = new Array<Atom>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = d!.value;
    d = d!.prev;
  }
  return out;
}

function doneVars(d: Done | null, into: Set<VarKey>): void {
  for (; d !== null; d = d.prev) if (!d.value.ground) collectVars(d.value, into);
}

/**
 * `metta`'s result gathering: all results of one expression, then the non-error
 * ones if there are any, else the errors (the reference's check_alternatives).
 * Empty results are dropped.
 */
export class CollectFrame extends Frame {
  protected readonly results: Array<[Atom, Bindings]> = [];
  resume(m: Machine, value: Atom, b: Bindings): void {
    if (value !== S.empty) {
      this.results.push([value, b]);
      m.held++;
    }
  }
  override finish(m: Machine): void {
    m.held -= this.results.length;
    const ok = this.results.filter(([v]) => !isErrorAtom(v));
    m.deliverAll(this.parent!, ok.length > 0 ? ok : this.results);
  }
}

/** The variables of an evaluated atom to report on, and the values each result gives them, row by row. */
export type Watch = { readonly vars: readonly Atom[]; readonly cells: Atom[] } | null;

/** The root of a top-level evaluation: keeps the final results. */
export class RootFrame extends CollectFrame {
  readonly out: Atom[] = [];
  private readonly maxResults: number;
  private readonly maxAtomSize: number;
  constructor(maxResults = Infinity, maxAtomSize = Infinity) {
    super(null);
    this.maxResults = maxResults;
    this.maxAtomSize = maxAtomSize;
  }
  override resume(m: Machine, value: Atom, b: Bindings): void {
    checkAtomSize(value, this.maxAtomSize);
    super.resume(m, value, b);
    // Checked as results arrive, so an endless stream of results is stopped too.
    if (this.results.length > this.maxResults) {
      throw new LimitExceeded('results', `result limit of ${this.maxResults} exceeded`, this.filtered().slice(0, this.maxResults));
    }
  }
  /**
   * When set, the values the query's variables take in each result, row by row (a
   * caller that keeps its own bindings, the VM's logic mode, applies them).
   */
  watch: Watch = null;
  override finish(_m: Machine): void {
    for (const [v, b] of this.kept()) {
      this.out.push(b.apply(v));
      if (this.watch !== null) for (const x of this.watch.vars) this.watch.cells.push(b.apply(x));
    }
  }
  /** The results as `metta` gives them: Error results only when there is nothing else. */
  private kept(): Array<[Atom, Bindings]> {
    const all = this.results;
    const ok = all.filter(([v]) => !isErrorAtom(v));
    return ok.length > 0 ? ok : all;
  }
  private filtered(): Atom[] {
    return this.kept().map(([v, b]) => b.apply(v));
  }
}

/** Evaluates the elements of a tuple left to right (no function type applies). */
export class TupleFrame extends Frame {
  readonly items: readonly Atom[];
  readonly index: number;
  readonly done: Done | null;
  readonly type: Atom;
  readonly space: GroundingSpace;
  constructor(
    parent: Frame, items: readonly Atom[], index: number, done: Done | null, type: Atom, space: GroundingSpace) {
    super(parent);
    this.items = items;
    this.index = index;
    this.done = done;
    this.type = type;
    this.space = space;
  }
  override liveVars(into: Set<VarKey>): void {
    atomsVars(this.items, into);
    doneVars(this.done, into);
  }
  resume(m: Machine, value: Atom, b: Bindings): void {
    if (value === S.empty) return;
    if (isErrorAtom(value)) return m.deliver(this.parent!, value, b);
    const done = new Done(value, this.done);
    const next = this.index + 1;
    if (next < this.items.length) {
      const f = new TupleFrame(this.parent!, this.items, next, done, this.type, this.space);
      m.metta(this.items[next]!, S.undefinedType, this.space, b, f);
    } else {
      m.mettaCall(expr(doneItems(done, next)), this.type, this.space, b, this.parent!);
    }
  }
}

/** Evaluates the head and arguments of a call, each against its declared type. */
export class ArgsFrame extends Frame {
  readonly items: readonly Atom[];
  readonly types: readonly Atom[];
  readonly index: number;
  readonly done: Done | null;
  readonly retType: Atom;
  readonly space: GroundingSpace;
  constructor(parent: Frame, items: readonly Atom[], types: readonly Atom[], index: number, done: Done | null, retType: Atom, space: GroundingSpace) {
    super(parent);
    this.items = items;
    this.types = types;
    this.index = index;
    this.done = done;
    this.retType = retType;
    this.space = space;
  }
  override liveVars(into: Set<VarKey>): void {
    atomsVars(this.items, into);
    doneVars(this.done, into);
  }
  resume(m: Machine, value: Atom, b: Bindings): void {
    if ((value === S.empty || isErrorAtom(value)) && !atomEq(value, this.items[this.index]!)) {
      if (value !== S.empty) m.deliver(this.parent!, value, b);
      return;
    }
    const done = new Done(value, this.done);
    const next = this.index + 1;
    if (next < this.items.length) {
      const f = new ArgsFrame(this.parent!, this.items, this.types, next, done, this.retType, this.space);
      m.metta(this.items[next]!, this.types[next]!, this.space, b, f);
    } else {
      m.mettaCall(expr(doneItems(done, next)), this.retType, this.space, b, this.parent!);
    }
  }
}

/** After one `eval` step inside `metta`: reduce the result again, or keep the call when nothing applied. */
export class CallReturnFrame extends Frame {
  readonly call: Atom;
  readonly type: Atom;
  readonly space: GroundingSpace;
  constructor(parent: Frame, call: Atom, type: Atom, space: GroundingSpace) {
    super(parent);
    this.call = call;
    this.type = type;
    this.space = space;
  }
  override liveVars(into: Set<VarKey>): void {
    if (!this.call.ground) collectVars(this.call, into);
  }
  resume(m: Machine, value: Atom, b: Bindings): void {
    m.callReturn(this.call, value, this.type, this.space, b, this.parent!);
  }
}

/** `(chain <nested> $v <template>)`: substitutes the nested result into the template. */
export class ChainFrame extends Frame {
  readonly variable: Atom;
  readonly template: Atom;
  readonly space: GroundingSpace;
  constructor(parent: Frame, variable: Atom, template: Atom, space: GroundingSpace) {
    super(parent);
    this.variable = variable;
    this.template = template;
    this.space = space;
  }
  override liveVars(into: Set<VarKey>): void {
    if (!this.template.ground) collectVars(this.template, into);
  }
  resume(m: Machine, value: Atom, b: Bindings): void {
    m.minimal(substituteVariable(this.template, this.variable, value), this.space, b, this.parent!);
  }
}

/** `(function <body>)`: runs until the body yields `(return X)`. */
export class FunctionFrame extends Frame {
  readonly call: Atom;
  readonly space: GroundingSpace;
  constructor(parent: Frame, call: Atom, space: GroundingSpace) {
    super(parent);
    this.call = call;
    this.space = space;
  }
  override liveVars(into: Set<VarKey>): void {
    if (!this.call.ground) collectVars(this.call, into);
  }
  resume(m: Machine, value: Atom, b: Bindings): void {
    if (value.kind === EXPRESSION && value.items[0] === S.return) {
      if (value.items.length === 2) return m.deliver(this.parent!, value.items[1]!, b);
    } else if (m.isInstruction(value)) {
      return m.minimal(value, this.space, b, this);
    }
    m.deliver(this.parent!, expr([S.error, this.call, S.noReturn]), b);
  }
}

/** `(collapse-bind <atom>)`: every alternative as an `(atom bindings)` pair. */
export class CollapseBindFrame extends Frame {
  private readonly results: Atom[] = [];
  readonly bindings: Bindings;
  constructor(parent: Frame, bindings: Bindings) {
    super(parent);
    this.bindings = bindings;
  }
  resume(m: Machine, value: Atom, b: Bindings): void {
    if (value !== S.empty) {
      this.results.push(expr([value, bindingsAtom(b)]));
      m.held++;
    }
  }
  override finish(m: Machine): void {
    m.held -= this.results.length;
    m.deliver(this.parent!, expr(this.results), this.bindings);
  }
}
