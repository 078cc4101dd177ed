// Which ground values evaluate to themselves. The tree-walker evaluates a
// variable's value again wherever the variable is substituted into code; the
// VM skips that for values known to come back unchanged.
import { Atom, SYMBOL, EXPRESSION, GROUNDED, VARIABLE } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings } from '../match/bindings.js';
import { ERROR_TYPE, getAtomTypes, getValidTypes, isFunctionType, isMetaType, matchTypes, metaTypeOf } from '../space/types.js';
import { callTyping, passesOpenFormal } from './type-unify.js';
import { typeOfSpec, typeSpec } from './type-specs.js';
import { TY_UNDEF } from './opcodes.js';
import { isErrorAtom } from '../interp/values.js';
import { operationOf } from '../stdlib/operation.js';
import { BoolValue, NumberValue } from '../atom/grounded.js';
import { MINIMAL_INSTRUCTIONS, NO_RECENT, RECENT_MASK, RECENT_SLOTS, type SpaceInfo } from './space-info.js';

/** Tuples whose check walked more subterms than this are remembered as inert. */
const REMEMBER_AFTER = 8;

/**
 * True when `metta(v)` is surely `[v]`: v is data built from untyped symbols
 * with no `=` rules and from non-operation grounded atoms (inside it also terms
 * of typed constructors, `isTypedInert`), with no Empty or Error inside (a
 * tuple drops or aborts on those).
 */
export function isInert(info: SpaceInfo, v: Atom): boolean {
  if (v.kind !== EXPRESSION || v.items.length === 0 || recentlyInert(info, v) || remembered(info, v)) return true;
  const ok = walkInert(info, v);
  // Every expression the walk checked itself (not skipped as typed data) is inert on its own:
  // a list's tails, asked for next as a recursion takes the list apart, are then found at once.
  if (ok) {
    if (info.inertRecent === NO_RECENT) info.inertRecent = new Array<Atom | null>(RECENT_SLOTS).fill(null);
    const recent = info.inertRecent;
    for (let i = 0; i < walkedTop; i++) recent[walked[i]!.hash & RECENT_MASK] = walked[i]!;
  }
  walkedTop = 0;
  // The scratch arrays keep what the last walk left in them: let a big walk's atoms go.
  if (walked.length > SCRATCH_KEEP) walked.length = 0;
  if (pending.length > SCRATCH_KEEP) pending.length = 0;
  return ok;
}

/**
 * Does the ground value v evaluate to itself against the spec ty (never
 * TY_INHERIT)? A term of typed constructors (asked first: isInert says no to a
 * typed head unless it heads a tuple, `(: done Status)`), or data (isInert).
 */
export function evaluatesToItself(info: SpaceInfo, v: Atom, ty: number): boolean {
  if (v.kind === EXPRESSION && v.items.length > 0) {
    const h = v.items[0]!;
    if (h.kind === SYMBOL && info.typed(h) && isTypedInert(info, v, ty)) return true;
  }
  return isInert(info, v);
}

/**
 * Is expression x in the weak set of inert atoms? Only a walk over more than REMEMBER_AFTER
 * subterms adds one, so a flat tuple (a fresh answer's, mostly) is never there, and is not looked up.
 */
function remembered(info: SpaceInfo, x: Atom): boolean {
  return hasExpressionItem(x) && info.inert.has(x);
}

/** Has expression x an expression among its items? A flat tuple's walk visits one subterm: never remembered. */
function hasExpressionItem(x: Atom): boolean {
  const xs = x.items;
  for (let i = 0; i < xs.length; i++) if (xs[i]!.kind === EXPRESSION) return true;
  return false;
}

/** Is expression v in isInert's direct-mapped memo (proven a moment ago)? True implies isInert(info, v). */
export function recentlyInert(info: SpaceInfo, v: Atom): boolean {
  return info.inertRecent[v.hash & RECENT_MASK] === v;
}

/** Is expression v in isTypedInert's memo, proven against spec ty (never a meta type)? True implies isTypedInert(info, v, ty). */
export function recentlyTypedInert(info: SpaceInfo, v: Atom, ty: number): boolean {
  const slot = v.hash & RECENT_MASK;
  return info.typedRecent[slot] === v && info.typedRecentSpec[slot] === ty;
}

/**
 * Scratch arrays of the walk (it never nests), used up to an index and not
 * resized: setting an array's length costs more than checking a small tuple.
 * `walked`: the expressions the walk checked; `pending`: its work stack.
 */
const walked: Atom[] = [];
let walkedTop = 0;
const pending: Atom[] = [];
/** Past this many entries a scratch array is emptied after the walk. */
const SCRATCH_KEEP = 1024;

function walkInert(info: SpaceInfo, v: Atom): boolean {
  let top = 0;
  pending[top++] = v;
  let visited = 0;
  while (top > 0) {
    const x = pending[--top]!;
    visited++;
    if (x.kind !== EXPRESSION || x.items.length === 0 || recentlyInert(info, x) || remembered(info, x)) continue;
    if (isErrorAtom(x)) return false;
    const h = x.items[0]!;
    if (h === info.dataHead && x.items.length === info.dataLength) {
      // An untyped head with no rules for this length, found a moment ago: a tuple, as below.
    } else if (h.kind === SYMBOL) {
      if (h === S.empty) return false;
      const typed = info.typed(h);
      if (typed) {
        // Inside a tuple every item (and an expression head) is evaluated against %Undefined%:
        // a term of typed constructors is data there. At the top the type asked for decides.
        if (x !== v && isTypedData(info, x)) {
          visited += REMEMBER_AFTER; // a proven constructor term is worth remembering
          continue;
        }
        // A head of declared non-function types only (`(: done Status)`) makes a tuple, as an untyped one does.
        if (!isDataSymbol(info, h)) return false;
      }
      const rules = info.rulesFor(h, x.items.length - 1);
      if (rules === null || rules.length > 0) return false;
      if (!typed) {
        info.dataHead = h;
        info.dataLength = x.items.length;
      }
    } else if (h.kind === GROUNDED) {
      // eval matches a value-headed call such as `(7 plus 1)` against rules.
      if (operationOf(h) !== null || info.space.hasValueHeadedRules()) return false;
    } else if (h.kind === EXPRESSION && h.items.length > 0) {
      // A list of data, `((r 1 2) (r 2 3))` or a tree of them, `(((a b) (c d)) ((e f) (g h)))`:
      // hyperon evaluates it as a tuple (its head's type is no function type unless some
      // expression has a declared type), each item in turn, then looks for a rule for the
      // whole, which only a variable or expression call pattern can be. So it is inert when
      // the head, checked like the items (at any depth), is.
      if (info.exprTypeDecls || info.exprCallRules()) return false;
      pending[top++] = h;
    } else if (h.kind !== VARIABLE) {
      // A variable head (a value in logic mode) has no types: the tuple rule evaluates the
      // items, then the call of a variable is given back as it is.
      return false;
    }
    walked[walkedTop++] = x;
    for (let i = 1; i < x.items.length; i++) {
      const it = x.items[i]!;
      if (it === S.empty) return false;
      if (it.kind === EXPRESSION) pending[top++] = it;
    }
  }
  // A small tuple is checked about as fast as it is looked up; remembering every one
  // (a match can build thousands, a tree of results millions) only loads the weak set
  // and the collector. A walk stops at remembered subterms, so it stays short.
  if (visited > REMEMBER_AFTER) info.inert.add(v);
  return true;
}

/** Past this nesting a constructor term is not proven (it goes to the tree-walker). */
const MAX_TYPED_DEPTH = 1000;

/** What a typed constructor's one ground function type says, worked out once per head and arity. */
interface ConstructorSig {
  readonly formals: readonly Atom[];
  /** The spec of each formal (used when the argument is itself a constructor term). */
  readonly specs: readonly number[];
  /** Per formal: ARG_ANY (Atom), ARG_META (another meta type), ARG_OPEN (type variables), ARG_GROUND. */
  readonly modes: readonly number[];
  /** Per formal: does a symbol argument's type fit it (remembered per symbol; types are fixed per program). */
  readonly symbolFits: ReadonlyArray<Map<Atom, boolean>>;
  readonly ret: Atom;
  /** A function result type makes `((c …) x)` a call rather than a tuple. */
  readonly retIsFunction: boolean;
  /** For each asked-for spec: does the result type fit it? */
  readonly fits: Array<boolean | undefined>;
}

const ARG_ANY = 0, ARG_META = 1, ARG_OPEN = 2, ARG_GROUND = 3;

const signatures = new WeakMap<SpaceInfo, Map<Atom, Array<ConstructorSig | null>>>();
/** The last program's signatures: a walk asks once per subterm. */
let lastInfo: SpaceInfo | null = null;
let lastByHead: Map<Atom, Array<ConstructorSig | null>> | null = null;

/** The head's signature when `(h a1 … an)` can be a constructor term: one ground function type of arity n, no rules. */
function constructorSig(info: SpaceInfo, h: Atom, n: number): ConstructorSig | null {
  let byHead = info === lastInfo ? lastByHead : signatures.get(info);
  if (byHead === undefined || byHead === null) {
    byHead = new Map();
    signatures.set(info, byHead);
  }
  lastInfo = info;
  lastByHead = byHead;
  let byArity = byHead.get(h);
  if (byArity === undefined) {
    byArity = [];
    byHead.set(h, byArity);
  }
  let sig = byArity[n];
  if (sig === undefined) {
    sig = computeSig(info, h, n);
    byArity[n] = sig;
  }
  return sig;
}

function computeSig(info: SpaceInfo, h: Atom, n: number): ConstructorSig | null {
  if (h === S.empty || MINIMAL_INSTRUCTIONS.has(h.name) || !info.typed(h)) return null;
  const ts = getAtomTypes(info.space, h);
  if (ts.length !== 1 || !isFunctionType(ts[0]!.type) || !ts[0]!.type.ground) return null;
  const fn = ts[0]!.type;
  if (fn.items.length !== n + 2) return null;
  const rules = info.rulesFor(h, n);
  if (rules === null || rules.length > 0) return null;
  const ret = fn.items[n + 1]!;
  if (isMetaType(ret) && ret !== S.expressionType) return null;
  const formals = fn.items.slice(1, n + 1);
  const modes = formals.map((f) => (f === S.atomType ? ARG_ANY : isMetaType(f) ? ARG_META : !f.ground ? ARG_OPEN : ARG_GROUND));
  return {
    formals, specs: formals.map(typeSpec), modes, symbolFits: formals.map(() => new Map()), ret, retIsFunction: isFunctionType(ret), fits: [],
  };
}

/**
 * What isTypedInert proves about the arguments of a term `(h a1 … an)` it
 * proved against spec ty by its one-signature case: per argument, the spec
 * it was proven against (the argument has that type and evaluates to itself
 * there, so the region tier's hasTy and ev pass it as it is), or -1 when the
 * proof says nothing about it. Null when h has no such signature or its
 * result does not fit ty. The type claim needs no expression declarations
 * (valueHasType's own condition for trusting the proof).
 */
export function provenArgSpecs(info: SpaceInfo, h: Atom, n: number, ty: number): readonly number[] | null {
  if (info.exprTypeDecls || h.kind !== SYMBOL || isMetaType(typeOfSpec(ty))) return null;
  const sig = constructorSig(info, h, n);
  if (sig === null || matchTypes(typeOfSpec(ty), sig.ret, Bindings.EMPTY) === null) return null;
  return sig.modes.map((m, i) => (m === ARG_GROUND && !isMetaType(sig.formals[i]!) ? sig.specs[i]! : -1));
}

/**
 * True when `metta(v, type)` is surely `[v]` for a term built by typed
 * constructors, `(Cons 1 (Cons 2 Nil))` with `(: Cons (-> Number List List))`
 * or `(-> $t (List $t) (List $t))`: every head has no rules and a function
 * type that applies (type variables bound by the arguments' types, as the
 * checker binds them), every argument fits its formal type and evaluates to
 * itself against it, and the result type fits `type` (the spec `ty`).
 */
export function isTypedInert(info: SpaceInfo, v: Atom, ty: number): boolean {
  // A typed argument is often asked about twice in a row (its evaluation, then its check): the walk's memo has it.
  return typedInertWalk(info, v, ty, 0) >= 0;
}

/**
 * isTypedInert's walk: the number of subterms it checked (a remembered term counts
 * one), or -1 when v is not proven. Only terms whose walk was long are remembered, as
 * in isInert: remembering every one (matespacefast builds millions) makes the weak map
 * the program's cost (a V8 WeakMap of a few million entries slows down far past
 * linear: 2·10^6 set+get took 1.9 s here, 3·10^6 over 100 s).
 */
function typedInertWalk(info: SpaceInfo, v: Atom, ty: number, depth: number): number {
  // A value with variables (logic mode) is proven too: a variable fits any formal and evaluates to itself.
  if (v.kind !== EXPRESSION || v.items.length === 0 || depth > MAX_TYPED_DEPTH) return -1;
  const h = v.items[0]!;
  if (h.kind !== SYMBOL) return -1;
  if (recentlyTypedInert(info, v, ty)) return 1;
  // The weak map remembers only long walks (below). It is looked up before the walk goes down
  // into an argument that was not proven a moment ago: a term one constructor above a proven
  // one (a recursion building on its argument) is not.
  let looked = false;
  const n = v.items.length - 1;
  // One ground function type: its signature is worked out once. Otherwise (parametric or
  // several types) the function type the checker picks, type variables bound by the arguments.
  let visited = 1;
  const sig = constructorSig(info, h, n);
  if (sig !== null) {
    let fits = sig.fits[ty];
    if (fits === undefined) {
      fits = matchTypes(typeOfSpec(ty), sig.ret, Bindings.EMPTY) !== null;
      sig.fits[ty] = fits;
    }
    if (!fits) return -1;
    for (let i = 1; i <= n; i++) {
      const a = v.items[i]!;
      const mode = sig.modes[i - 1]!;
      if (mode === ARG_ANY) continue;
      const f = sig.formals[i - 1]!;
      if (mode === ARG_META) {
        if (metaTypeOf(a) === f) continue;
        return -1;
      }
      // NotReducible fits any formal but is no value (the region tier's ev deopts on it): never proven.
      if (a === S.empty || a === S.notReducible) return -1;
      if (mode === ARG_OPEN) {
        if (!passesOpenFormal(info, a, f)) return -1;
        continue;
      }
      if (a.kind === EXPRESSION) {
        const spec = sig.specs[i - 1]!;
        if (recentlyTypedInert(info, a, spec)) {
          visited++;
          continue;
        }
        if (!looked) {
          looked = true;
          if (info.typedInert.get(v) === ty) return 1;
        }
        const walked = typedInertWalk(info, a, spec, depth + 1);
        if (walked < 0) return -1;
        visited += walked;
        continue;
      }
      if (a.kind === SYMBOL) {
        const memo = sig.symbolFits[i - 1]!;
        let ok = memo.get(a);
        if (ok === undefined) {
          ok = fitsFormal(info, a, f);
          memo.set(a, ok);
        }
        if (!ok) return -1;
        continue;
      }
      if (!fitsFormal(info, a, f)) return -1;
    }
  } else {
    if (h === S.empty || MINIMAL_INSTRUCTIONS.has(h.name) || !info.typed(h)) return -1;
    const typing = callTyping(info, v);
    if (typing.kind !== 'function' || typing.formals.length !== n) return -1;
    const rules = info.rulesFor(h, n);
    if (rules === null || rules.length > 0) return -1;
    const ret = typing.ret;
    if (isMetaType(ret) && ret !== S.expressionType) return -1;
    // Another declared type might fit what is asked for when the chosen one does not: not proven then.
    if (matchTypes(typeOfSpec(ty), ret, Bindings.EMPTY) === null) return -1;
    const formals = typing.formals;
    for (let i = 1; i <= n; i++) {
      const a = v.items[i]!;
      const f = formals[i - 1]!;
      if (f === S.atomType || (isMetaType(f) && metaTypeOf(a) === f)) continue;
      if (isMetaType(f) || a === S.empty) return -1;
      if (!f.ground) {
        if (!passesOpenFormal(info, a, f)) return -1;
        continue;
      }
      if (a.kind === EXPRESSION) {
        if (!looked) {
          looked = true;
          if (info.typedInert.get(v) === ty) return 1;
        }
        const walked = typedInertWalk(info, a, typeSpec(f), depth + 1);
        if (walked < 0) return -1;
        visited += walked;
        continue;
      }
      if (!fitsFormal(info, a, f)) return -1;
    }
  }
  if (visited > REMEMBER_AFTER) info.typedInert.set(v, ty);
  // Every proven subterm is remembered for a moment (direct-mapped, no weak map): a list's
  // tail, asked for next against its formal's type as a recursion takes the list apart.
  // Not against a meta type, which valueHasType answers by the atom's kind before asking.
  if (!isMetaType(typeOfSpec(ty))) {
    if (info.typedRecent === NO_RECENT) {
      info.typedRecent = new Array<Atom | null>(RECENT_SLOTS).fill(null);
      info.typedRecentSpec = new Int32Array(RECENT_SLOTS).fill(-1);
    }
    const slot = v.hash & RECENT_MASK;
    info.typedRecent[slot] = v;
    info.typedRecentSpec[slot] = ty;
  }
  return visited;
}

/** Does a symbol or grounded argument's type fit ground formal type `f`? */
function fitsFormal(info: SpaceInfo, a: Atom, f: Atom): boolean {
  // A number's only type is Number (a Bool's Bool): no need to ask the space.
  if (a.kind === GROUNDED && (f === S.numberType ? a.value instanceof NumberValue : f === S.boolType && a.value instanceof BoolValue)) return true;
  return getValidTypes(info.space, a).some((t) => matchTypes(f, t, Bindings.EMPTY) !== null);
}

/** A constructor term that evaluates to itself against %Undefined% and is no function: data inside a tuple. */
export function isTypedData(info: SpaceInfo, x: Atom): boolean {
  if (!isTypedInert(info, x, TY_UNDEF)) return false;
  const sig = constructorSig(info, x.items[0]!, x.items.length - 1);
  if (sig !== null) return !sig.retIsFunction;
  const typing = callTyping(info, x);
  return typing.kind === 'function' && !isFunctionType(typing.ret);
}

const dataSymbols = new WeakMap<SpaceInfo, Map<Atom, boolean>>();

/** Does every type of symbol `h` name data: valid, ground and no function type? */
function isDataSymbol(info: SpaceInfo, h: Atom): boolean {
  let m = dataSymbols.get(info);
  if (m === undefined) {
    m = new Map();
    dataSymbols.set(info, m);
  }
  let ok = m.get(h);
  if (ok === undefined) {
    ok = getAtomTypes(info.space, h).every((t) => t.kind !== ERROR_TYPE && t.type.ground && !isFunctionType(t.type));
    m.set(h, ok);
  }
  return ok;
}
