// What the compiler needs to know about a space, computed once per space
// version: the rules of each function, which symbols are typed, whether the
// standard library's special forms are unchanged, which operations may have
// side effects, and which data values evaluate to themselves.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, expr, sym, variable, freshVariable } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings } from '../match/bindings.js';
import { unify } from '../match/unify.js';
import { GroundingSpace, spaceOf } from '../space/space.js';
import { format } from '../syntax/printer.js';
import { getAtomTypes } from '../space/types.js';
import { standardOperations, standardLibrarySpace } from '../stdlib/index.js';
import { operationOf } from '../stdlib/operation.js';
import { jsonModuleOps } from '../stdlib/json.js';
import { ASSERTS } from './assert-forms.js';
import { isCustomMatcher } from './patterns.js';
import type { CallTyping } from './type-unify.js';

/** Operations without side effects: running them twice is the same as once. */
const PURE_OPS = new Set([
  '+', '-', '*', '/', '%', '<', '>', '<=', '>=', '==', 'and', 'or', 'xor', 'not', 'superpose', 'match', 'if-equal', 'nop',
  'sealed', '=alpha', 'noreduce-eq', 'capture', '_collapse-extract', '_assert-results-are-equal',
  '_assert-results-are-equal-msg', '_assert-results-are-alpha-equal', '_assert-results-are-alpha-equal-msg', 'get-type',
  'get-type-space', 'get-metatype', 'size-atom', 'index-atom', 'min-atom', 'max-atom', 'unique-atom', 'union-atom',
  'intersection-atom', 'subtraction-atom', 'sort-strings', 'get-atoms', 'get-state', 'format-args', 'repr', 'parse',
  'pow-math', 'sqrt-math', 'abs-math', 'log-math', 'trunc-math', 'ceil-math', 'floor-math', 'round-math', 'sin-math',
  'asin-math', 'cos-math', 'acos-math', 'tan-math', 'atan-math', 'isnan-math', 'isinf-math', 'get-doc',
]);

/** Symbols whose library definitions the compiled special forms stand for. */
const SPECIAL_DEPENDENCIES = [
  'if', 'let', 'let*', 'case', 'collapse', 'quote', 'switch-minimal', 'switch-internal', 'if-decons-expr', 'unify',
  'function', 'chain', 'eval', 'return', 'collapse-bind', 'superpose-bind', 'metta', 'context-space', 'decons-atom', 'car-atom', 'cdr-atom', 'cons-atom',
  ...ASSERTS.keys(),
];

/** Minimal-MeTTa instructions: typed symbols without rules that are run, not kept as data. */
export const MINIMAL_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'eval', 'evalc', 'chain', 'unify', 'cons-atom', 'decons-atom', 'function', 'collapse-bind', 'superpose-bind', 'metta', 'context-space',
]);

/** The same instructions as symbols: an expression headed by one is run by minimal MeTTa, not kept as data. */
export const MINIMAL_RUN: ReadonlySet<Atom> = new Set([...MINIMAL_INSTRUCTIONS].map((n) => sym(n)));

/** The standard library alone, to compare a space's definitions against. */
const reference = standardLibrarySpace;

const X = freshVariable('X');

/** The `=` rules that can apply to a call `(head a1 … an)`, in query order; null when some other atom could match too. */
function rulesIn(space: GroundingSpace, head: Atom, arity: number): Atom[] | null {
  const args: Atom[] = [head];
  for (let i = 0; i < arity; i++) args.push(freshVariable('a'));
  const probe = expr([S.equals, expr(args), X]);
  const out: Atom[] = [];
  for (const c of space.candidates(expr([S.equals, expr([head]), X]))) {
    if (unify(probe, c, Bindings.EMPTY) === null) continue;
    // A stored atom that is not a plain rule (e.g. a bare variable) could match any call.
    if (c.kind !== EXPRESSION || c.items.length !== 3) return null;
    const h = c.items[1]!;
    if (h.kind === EXPRESSION && h.items.length === arity + 1 && h.items[0] === head) out.push(c);
    else return null;
  }
  return out;
}

/** Slots of SpaceInfo.inertRecent (a power of two). */
export const RECENT_SLOTS = 4096;
export const RECENT_MASK = RECENT_SLOTS - 1;
/**
 * The memos of a SpaceInfo that has proven nothing yet, shared and never written (a run that
 * never asks, `!(+ 1 2)`, allocates none): the first entry gives the SpaceInfo arrays of its own.
 */
export const NO_RECENT: Array<Atom | null> = new Array<Atom | null>(RECENT_SLOTS).fill(null);
export const NO_RECENT_SPECS = new Int32Array(RECENT_SLOTS).fill(-1);

export class SpaceInfo {
  readonly space: GroundingSpace;
  readonly version: number;
  /** Rules by head name, then arity. */
  private readonly rules = new Map<string, Array<Atom[] | null>>();
  private readonly typedCache = new Map<Atom, boolean>();
  /** What a symbol head's declared types alone decide about its calls (type-unify.ts's callTyping). */
  readonly headTyping = new Map<Atom, CallTyping>();
  /** True when the standard library's special forms are as shipped (no user rules or types for them). */
  readonly specialsIntact: boolean;
  /** True when some `(: <expression> T)` declaration exists (expression types then need the full type checker). */
  readonly exprTypeDecls: boolean;
  /** Symbols whose evaluation may reach an impure operation. */
  readonly impure = new Set<Atom>();
  /** Symbols whose evaluation may read a space's atoms. */
  readonly readers = new Set<Atom>();
  /** Symbols whose results may depend on more than their arguments and the rules: space contents, state, documentation. */
  readonly volatile = new Set<Atom>();
  /** True when a data atom of the space mentions something impure (a `match` template could run it). */
  readonly dataImpure: boolean;
  /** Ground expressions known to evaluate to themselves. */
  readonly inert = new WeakSet<Atom>();
  /** Recently proven inert expressions, one per slot by hash (inert.ts): cheaper than the weak set for the many small ones. */
  inertRecent: Array<Atom | null> = NO_RECENT;
  /** The untyped head (and its tuple's length) inert.ts last found to have no rules: answers of one match share it. */
  dataHead: Atom | null = null;
  dataLength = 0;
  /** The same for typed constructor terms (inert.ts's isTypedInert), with the type spec each was proven against. */
  typedRecent: Array<Atom | null> = NO_RECENT;
  typedRecentSpec: Int32Array = NO_RECENT_SPECS;
  /** Well-typed constructor terms known to evaluate to themselves against a type (the spec last proven). */
  readonly typedInert = new WeakMap<Atom, number>();

  constructor(space: GroundingSpace) {
    this.space = space;
    this.version = space.schemaVersion;
    // One pass: the atoms that could be rules or types of the special forms' dependencies must be
    // exactly the library's own (the same objects, as often), and some declaration may type an expression.
    const lib = specialLibrary();
    const seen = new Array<number>(lib.counts.length).fill(0);
    let intact = true;
    let exprDecls = false;
    const all = space.candidates(variable('all'));
    for (const a of all) {
      if (a.kind === EXPRESSION && a.items.length === 3 && a.items[0] === S.colon && a.items[1]!.kind === EXPRESSION) exprDecls = true;
      if (intact && touchesSpecial(a)) {
        const i = lib.index.get(a);
        if (i === undefined) intact = false;
        else seen[i]!++;
      }
    }
    for (let i = 0; intact && i < seen.length; i++) if (seen[i] !== lib.counts[i]) intact = false;
    this.specialsIntact = intact;
    this.exprTypeDecls = exprDecls;
    this.dataImpure = this.computePurity(all);
  }

  private exprCalls: boolean | null = null;
  /**
   * Could some stored atom apply to a call whose head is an expression, like
   * `((r 1 2) (r 2 3))`? Only a rule whose call pattern is a variable or has a
   * variable or expression head, or a stored atom with variables that is no
   * plain rule, can; symbol- and grounded-headed patterns cannot.
   */
  exprCallRules(): boolean {
    if (this.exprCalls === null) {
      let found = false;
      for (const c of this.space.candidates(expr([S.equals, variable('call'), X]))) {
        if (c.kind === EXPRESSION && c.items.length === 3 && c.items[0] === S.equals) {
          const p = c.items[1]!;
          if (p.kind === EXPRESSION && p.items.length > 0 && (p.items[0]!.kind === SYMBOL || p.items[0]!.kind === GROUNDED)) continue;
          if (p.kind !== EXPRESSION && p.kind !== VARIABLE) continue;
          found = true;
          break;
        }
        if (!c.ground) {
          found = true;
          break;
        }
      }
      this.exprCalls = found;
    }
    return this.exprCalls;
  }

  /** Rules for `(head a1 … an)` in query order, or null when the call cannot be compiled (wildcard rules). */
  rulesFor(head: Atom, arity: number): Atom[] | null {
    let byArity = this.rules.get(head.name);
    if (byArity === undefined) {
      byArity = [];
      this.rules.set(head.name, byArity);
    }
    let r = byArity[arity];
    if (r === undefined) {
      r = rulesIn(this.space, head, arity);
      byArity[arity] = r;
    }
    return r;
  }

  /** Does the symbol have declared types (so calls to it are type-checked)? */
  typed(s: Atom): boolean {
    let t = this.typedCache.get(s);
    if (t === undefined) {
      const ts = getAtomTypes(this.space, s);
      t = !(ts.length === 1 && ts[0]!.type === S.undefinedType);
      this.typedCache.set(s, t);
    }
    return t;
  }

  /** Could evaluating `a` (in this space) have a side effect? */
  mentionsImpure(a: Atom): boolean {
    return mentions(a, this.impure, isImpureOp);
  }

  /** Could evaluating `a` bring atoms stored in a space into evaluated positions (match, get-atoms …)? */
  mentionsReader(a: Atom): boolean {
    return mentions(a, this.readers, readsSpace);
  }

  /** May the tree-walker evaluate `a` for the VM (no side effect, so a later restart repeats nothing)? */
  fallbackAllowed(a: Atom): boolean {
    // The atom argument of add-atom is not evaluated (its type is Atom), nor is a space.
    if (isDirectAdd(a) && spaceOf(a.items[1]!) !== null) return true;
    return !this.mentionsImpure(a) && !(this.dataImpure && this.mentionsReader(a));
  }

  /**
   * Marks rule heads impure (or space readers) when their bodies mention
   * anything impure (or reading), to a fixpoint; returns whether a data atom
   * mentions something impure.
   */
  private computePurity(all: readonly Atom[]): boolean {
    const { rules, data, libData, fromLib } = classify(all);
    // Rules only add marks, so the library's own fixpoint is where the space's starts when it holds the whole library.
    const seed = libraryPurity();
    if (fromLib === seed.rules) {
      for (const x of seed.impure) this.impure.add(x);
      for (const x of seed.readers) this.readers.add(x);
      for (const x of seed.volatile) this.volatile.add(x);
      // A library rule can gain a mark only through a user rule whose head its body mentions;
      // with none, the library's rules are at their fixpoint already and only the user's are scanned.
      const bodySymbols = librarySymbols();
      const own = rules.filter((r) => !r[2]);
      if (own.every(([head]) => !bodySymbols.has(head))) {
        markPurity(own, this);
        // Nor can the library's data atoms then mention anything the library's marks do not cover;
        // marks only grow, so one that mentions an impure one under them still does.
        if (seed.dataImpure) return true;
        for (const d of data) if (this.mentionsImpure(d)) return true;
        return false;
      }
    }
    markPurity(rules, this);
    for (const d of libData) if (this.mentionsImpure(d)) return true;
    for (const d of data) if (this.mentionsImpure(d)) return true;
    return false;
  }
}

interface PuritySets {
  readonly impure: Set<Atom>;
  readonly readers: Set<Atom>;
  readonly volatile: Set<Atom>;
}

type RuleEntry = [head: Atom, body: Atom, fromLib: boolean];

/** A space's atoms as rules by head symbol (and whether each is the library's own) and data atoms (the user's, the library's). */
function classify(all: readonly Atom[]): { rules: RuleEntry[]; data: Atom[]; libData: Atom[]; fromLib: number } {
  const rules: RuleEntry[] = [];
  const data: Atom[] = [];
  const libData: Atom[] = [];
  const lib = referenceAtoms();
  let fromLib = 0;
  for (const a of all) {
    if (a.kind === EXPRESSION && a.items.length === 3 && a.items[0] === S.equals) {
      const h = a.items[1]!;
      const head = h.kind === EXPRESSION && h.items.length > 0 ? h.items[0]! : h;
      if (head.kind === SYMBOL) {
        const own = lib.has(a);
        if (own) fromLib++;
        rules.push([head, a.items[2]!, own]);
      } else (lib.has(a) ? libData : data).push(a);
    } else if (!(a.kind === EXPRESSION && a.items.length === 3 && (a.items[0] === S.colon || a.items[0] === S.subtype))) {
      (lib.has(a) ? libData : data).push(a);
    }
  }
  return { rules, data, libData, fromLib };
}

function markPurity(rules: readonly RuleEntry[], sets: PuritySets): void {
  fixpoint(rules, sets.impure, (body) => mentions(body, sets.impure, isImpureOp));
  // The library's own uses of context-space only evaluate in the space; a user's may match it.
  fixpoint(rules, sets.readers, (body, fromLib) =>
    mentions(body, sets.readers, fromLib ? readsSpace : (x) => readsSpace(x) || x === CONTEXT_SPACE));
  fixpoint(rules, sets.volatile, (body) => mentions(body, sets.volatile, (x) => readsSpace(x) || x === CONTEXT_SPACE || readsState(x)));
}

let libraryBodySymbols: Set<Atom> | null = null;
/** Every symbol the library's rule bodies and data atoms mention (computed once). */
function librarySymbols(): ReadonlySet<Atom> {
  if (libraryBodySymbols === null) {
    const out = new Set<Atom>();
    const { rules, libData } = classify(reference().atoms());
    for (const body of [...rules.map((r) => r[1]), ...libData]) {
      const stack: Atom[] = [body];
      while (stack.length > 0) {
        const x = stack.pop()!;
        if (x.kind === SYMBOL) out.add(x);
        else if (x.kind === EXPRESSION) for (const y of x.items) stack.push(y);
      }
    }
    libraryBodySymbols = out;
  }
  return libraryBodySymbols;
}

interface LibraryMarks extends PuritySets {
  readonly rules: number;
  /** Whether a library data atom mentions something impure under the library's own marks. */
  readonly dataImpure: boolean;
}
let libraryMarks: LibraryMarks | null = null;
/** The purity marks of the library's rules alone, and how many rules it has (computed once). */
function libraryPurity(): LibraryMarks {
  if (libraryMarks === null) {
    const { rules, libData, fromLib } = classify(reference().atoms());
    const sets: PuritySets = { impure: new Set(), readers: new Set(), volatile: new Set() };
    markPurity(rules, sets);
    const dataImpure = libData.some((d) => mentions(d, sets.impure, isImpureOp));
    libraryMarks = { ...sets, rules: fromLib, dataImpure };
  }
  return libraryMarks;
}

const CONTEXT_SPACE = sym('context-space');
const MOD_SPACE = sym('mod-space!');

function isImpureOp(x: Atom): boolean {
  if (x.kind !== GROUNDED) return false;
  const op = operationOf(x);
  return op !== null && (!PURE_OPS.has(op.name) || !isStandardOp(x));
}

/**
 * `(add-atom space atom)` itself: its one effect is journaled (see
 * startJournal), so a VM run that later hands its form to the tree-walker
 * takes the atom back first. Only the call at the top: a larger fallback that
 * contains one (an `if` whose slow path re-evaluates its condition) could
 * repeat it within the run.
 */
export function isDirectAdd(a: Atom): boolean {
  if (a.kind !== EXPRESSION || a.items.length !== 3) return false;
  const h = a.items[0]!;
  if (h.kind !== GROUNDED || !isStandardOp(h)) return false;
  return operationOf(h)?.name === 'add-atom';
}

function readsSpace(x: Atom): boolean {
  if (x === MOD_SPACE) return true;
  if (x.kind !== GROUNDED) return false;
  if (spaceOf(x) !== null) return true;
  const op = operationOf(x);
  return op !== null && (op.name === 'match' || op.name === 'get-atoms');
}

/** Operations whose answers change without a rule or type changing. */
function readsState(x: Atom): boolean {
  if (x.kind !== GROUNDED) return false;
  const op = operationOf(x);
  return op !== null && (op.name === 'get-state' || op.name === 'get-doc' || op.name === 'capture' || !isStandardOp(x));
}

/** Does `a` contain a symbol of `set`, or an atom the seed test accepts? */
function mentions(a: Atom, set: ReadonlySet<Atom>, seed: (x: Atom) => boolean): boolean {
  const stack: Atom[] = [a];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (seed(x)) return true;
    if (x.kind === SYMBOL) {
      if (set.has(x)) return true;
    } else if (x.kind === EXPRESSION) {
      // Leaves are tested here rather than pushed: big data lists are mostly leaves.
      for (const it of x.items) {
        if (it.kind === EXPRESSION) stack.push(it);
        else if (seed(it) || (it.kind === SYMBOL && set.has(it))) return true;
      }
    }
  }
  return false;
}

function fixpoint(rules: ReadonlyArray<readonly [Atom, Atom, boolean]>, set: Set<Atom>, test: (body: Atom, fromLib: boolean) => boolean): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const [head, body, fromLib] of rules) {
      if (!set.has(head) && test(body, fromLib)) {
        set.add(head);
        changed = true;
      }
    }
  }
}

const SPECIAL_SYMBOLS: ReadonlySet<Atom> = new Set(SPECIAL_DEPENDENCIES.map((n) => sym(n)));

/**
 * Could stored atom a be a rule or a type of a special form's dependency: an atom that a query
 * `(= (s …) $body)` or `(: s $t)` for such an s could find? Generous where unsure (a variable or
 * custom-matching atom anywhere it could stand for one): taking one too many only makes the
 * specials count as changed, and the compiler leave them to the library's rules.
 */
function touchesSpecial(a: Atom): boolean {
  if (a.kind === VARIABLE) return true;
  if (a.kind === GROUNDED) return isCustomMatcher(a);
  if (a.kind !== EXPRESSION) return false;
  const xs = a.items;
  if (xs.length === 0) return true;
  const h = xs[0]!;
  if (xs.length === 3 && (h === S.colon || h.kind === VARIABLE || (h.kind === GROUNDED && isCustomMatcher(h)))) {
    const n = xs[1]!;
    if (n.kind === VARIABLE || (n.kind === SYMBOL && SPECIAL_SYMBOLS.has(n)) || (n.kind === GROUNDED && isCustomMatcher(n))) return true;
  }
  // A rule: headed by `=` (or what could unify with it), its call pattern headed by s or a variable,
  // or no call pattern of that shape at all.
  if (cannotBeEquals(h)) return false;
  if (xs.length !== 3) return true;
  const call = xs[1]!;
  if (call.kind !== EXPRESSION) return true;
  if (call.items.length === 0) return false;
  const f = call.items[0]!;
  return f.kind === VARIABLE || (f.kind === SYMBOL && SPECIAL_SYMBOLS.has(f));
}

let specialLib: { readonly index: ReadonlyMap<Atom, number>; readonly counts: readonly number[] } | null = null;
/** The library's atoms for which touchesSpecial holds, each with how often the library holds it. */
function specialLibrary(): { readonly index: ReadonlyMap<Atom, number>; readonly counts: readonly number[] } {
  if (specialLib === null) {
    const index = new Map<Atom, number>();
    const counts: number[] = [];
    for (const a of reference().atoms()) {
      if (!touchesSpecial(a)) continue;
      const i = index.get(a);
      if (i === undefined) {
        index.set(a, counts.length);
        counts.push(1);
      } else counts[i]!++;
    }
    specialLib = { index, counts };
  }
  return specialLib;
}

let referenceSet: Set<Atom> | null = null;
/**
 * The library's atoms (to tell a library rule from a user's): the same atom
 * objects every space that loads the library holds, so no printing is needed
 * (a user's copy of a library rule counts as the user's, the careful side).
 */
function referenceAtoms(): Set<Atom> {
  referenceSet ??= new Set(reference().atoms());
  return referenceSet;
}


/** An atom that unifies with no `=`: a symbol other than it, or a grounded atom without custom matching (a number, a string). */
function cannotBeEquals(x: Atom): boolean {
  if (x.kind === SYMBOL) return x !== S.equals;
  return x.kind === GROUNDED && !isCustomMatcher(x);
}

const standardSet = new Set<Atom>();
/** Is `a` one of the standard library's own operation atoms, or a built-in module's pure one (not a user-bound one)? */
export function isStandardOp(a: Atom): boolean {
  if (standardSet.size === 0) for (const op of [...standardOperations(), ...jsonModuleOps()]) standardSet.add(op);
  return standardSet.has(a);
}

const infos = new WeakMap<GroundingSpace, SpaceInfo>();

/** The facts for the space's current version (recomputed after any change). */
export function spaceInfo(space: GroundingSpace): SpaceInfo {
  let i = infos.get(space);
  if (i === undefined || i.version !== space.schemaVersion) {
    i = new SpaceInfo(space);
    infos.set(space, i);
  }
  return i;
}
