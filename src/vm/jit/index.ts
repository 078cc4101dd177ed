// The JavaScript tier: hot deterministic numeric procedures compiled to JS
// source with `new Function`, so V8's own JIT runs them. The VM asks it at
// every CALL/TAILCALL (`call`); a procedure is compiled once it has been
// called `hot` times (so one-off procedures never pay for compiling), together
// with everything it calls. Whatever cannot be compiled stays on the VM for
// good; a guard failing at run time (DEOPT) sends just that call back to it.
import { GROUNDED, EXPRESSION, VARIABLE, expr, atomEq, type Atom } from '../../atom/atom.js';
import { NumberValue, BoolValue, makeInt, TRUE, FALSE } from '../../atom/grounded.js';
import { S } from '../../atom/symbols.js';
import { isErrorAtom } from '../../interp/values.js';
import type { Ir } from '../ir.js';
import { N_CONST, N_SLOT, type PNode } from '../patterns.js';
import { evaluatesToItself, isInert, recentlyInert, recentlyTypedInert } from '../inert.js';
import { isMetaSpec, valueHasType, castOfValue } from '../value-types.js';
import { specializeCall } from '../type-unify.js';
import { typeOfSpec } from '../type-specs.js';
import { emitRegion } from './nondet.js';
import { StepLimitExceeded } from '../../interp/machine.js';
import { LimitExceeded } from '../../runner/limits.js';
import type { Program } from '../compiler.js';
import { TY_UNDEF, TY_NUMBER, TY_BOOL, TY_INHERIT } from '../opcodes.js';
import { shapesFrom } from './eligible.js';
import { emitModule } from './emit-js.js';

/** Calls of a procedure before it is compiled (tests lower it to compile at the first call). */
export const jitTuning = { hot: 32, regions: true };
/** Steps after a deopt during which no compiled code is entered: a deep or overflowing call
 * re-run on the VM would otherwise re-enter compiled code at every level below it. */
export const COOL_DOWN = 1 << 16;

/** What the tier reads and updates on the VM running it. */
export interface JitHost {
  steps: number;
  readonly maxSteps: number;
  readonly deadline: number;
  jitCalls: number;
  deopts: number;
  /** Compile attempts the tier gave up, by reason (see `refused`). */
  readonly jitRefusals: Record<string, number>;
  /** Compiled code is entered only from this step count on. */
  jitResume: number;
  /** The VM's clock and memory check, with `gathered` results held by compiled code. */
  clock(gathered: number): void;
}

type Run = (vals: ReadonlyArray<Atom | null>, base: number, steps: number, max: number, deadline: number) => number | boolean | undefined;

interface Entry {
  readonly run: Run;
  /** The step counter of the last run (the code keeps its own while it runs). */
  readonly steps: () => number;
  /** The result type (TY_NUMBER or TY_BOOL): callers asking for the other type stay on the VM. */
  readonly ty: number;
}

/** Thrown by compiled code when a guard fails; never escapes `call`. */
const DEOPT: object = Object.freeze({ deopt: true });

/**
 * After compiled code threw: a deopt (or a RangeError, the JS stack ran out anyway: the depth
 * bound is a guess, and the VM needs none) gives the steps back for the VM to redo; anything
 * else is a real error, thrown on with the steps counted so far.
 */
function undoDeopt(x: unknown, host: JitHost, stepsSoFar: number, before: number): void {
  if (x !== DEOPT && !(x instanceof RangeError)) {
    host.steps = stepsSoFar;
    throw x;
  }
  host.steps = before;
  host.deopts++;
}

function unbox(a: Atom | null): number | boolean | undefined {
  if (a === null || a.kind !== GROUNDED) return undefined;
  const v = a.value;
  if (v instanceof NumberValue) return !v.isFloat && typeof v.n === 'number' ? v.n : undefined;
  return v instanceof BoolValue ? v.b : undefined;
}

const HELPERS = {
  DEOPT,
  unbox,
  limit: (max: number): never => {
    throw new StepLimitExceeded(max);
  },
  timeUp: (): never => {
    throw new LimitExceeded('time', 'time limit exceeded');
  },
};

/** A compiled gather region: runs the region from the frame at vals[base…]; its result list, or undefined to deopt. */
interface RegionEntry {
  readonly run: (vals: ReadonlyArray<Atom | null>, base: number, steps: number, max: number) => Atom[] | number;
  readonly steps: () => number;
  /** Deopts so far: a region that keeps deopting goes back to the VM for good. */
  deopts: number;
}

/** Deopts after which a region is not entered again. */
const REGION_DEOPTS = 3;

/** Could a rule's patterns match these arguments (the VM's couldMatch: constants and shapes only)? */
function shapeMatches(n: PNode, v: Atom): boolean {
  if (n.kind === N_CONST) return n.atom === v || atomEq(n.atom, v);
  if (n.kind === N_SLOT) return true;
  if (v.kind !== EXPRESSION || v.items.length !== n.items.length) return false;
  for (let i = 0; i < n.items.length; i++) if (!shapeMatches(n.items[i]!, v.items[i]!)) return false;
  return true;
}

/** A Number asked for as a Number, a Bool as a Bool (the VM's fitsAtOnce). */
function fitsAtOnce(v: Atom, ty: number): boolean {
  if (v.kind !== GROUNDED) return false;
  return ty === TY_NUMBER ? v.value instanceof NumberValue : ty === TY_BOOL && v.value instanceof BoolValue;
}

const SMALL_MIN = -128, SMALL_MAX = 1024;
const smallInts: Atom[] = [];
/** An Int atom, shared for small values (as the VM's own), -0 as 0. */
function intAtom(n: number): Atom {
  if (n === 0) n = 0;
  if (n >= SMALL_MIN && n < SMALL_MAX) return (smallInts[n - SMALL_MIN] ??= makeInt(n));
  return makeInt(n);
}

/** What compiled region code calls (names as in nondet.ts's prelude). */
function regionHelpers(program: Program, tier: { host: JitHost | null }): Record<string, unknown> {
  const info = program.info;
  // EVAL_SLOT (EVAL_TOP): the value as it is, where the VM's evalValue keeps it, or DEOPT where `metta` would have to run on it.
  // The common cases (a number, a list or constructor term proven a moment ago) in a function small enough for V8 to inline.
  const ev = (v: Atom, ty: number): Atom =>
    (v.kind === GROUNDED ? ty === TY_UNDEF : v.kind === EXPRESSION && (recentlyInert(info, v) || (ty !== TY_INHERIT && recentlyTypedInert(info, v, ty))))
      ? v : evSlow(v, ty);
  const evSlow = (v: Atom, ty: number): Atom => {
    if (v.kind !== EXPRESSION && v !== S.notReducible && (ty === TY_UNDEF || fitsAtOnce(v, ty))) return v;
    if (v.kind === VARIABLE || v === S.notReducible) throw DEOPT;
    if (v === S.empty) return v;
    if (ty > TY_INHERIT && isMetaSpec(ty, v)) return v;
    if (v.kind === EXPRESSION) {
      if (v.items.length === 0 || isErrorAtom(v)) return v;
      if (ty === TY_INHERIT ? isInert(info, v) : evaluatesToItself(info, v, ty)) return v;
      throw DEOPT;
    }
    // A symbol or grounded value cast to the type asked for: kept when it fits, a type error is the VM's.
    if (castOfValue(info, v, ty) === null) return v;
    throw DEOPT;
  };
  // Fixed for the program (its space's rules): a rule for a value-headed call would make a tuple of numbers a call.
  const valueHeaded = info.space.hasValueHeadedRules();
  /** A tuple of numbers (flatData's case, found at run time): isInert holds for it, without the walk. */
  const numberTuple = (a: Atom): boolean => {
    if (valueHeaded) return false;
    const xs = a.items;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      if (x.kind !== GROUNDED || !(x.value instanceof NumberValue)) return false;
    }
    return xs.length > 0;
  };
  return {
    DEOPT, EMPTY: S.empty, TRUE, FALSE, NV: NumberValue, K: [] as Atom[], PT: [] as Array<ReadonlyArray<PNode | null>>,
    int: intAtom,
    ui: (a: Atom | null): number => {
      if (a !== null && a.kind === GROUNDED) {
        const v = a.value;
        if (v instanceof NumberValue && !v.isFloat && typeof v.n === 'number') return v.n;
      }
      throw DEOPT;
    },
    uf: (a: Atom | null): number => {
      if (a !== null && a.kind === GROUNDED && a.value instanceof NumberValue && typeof a.value.n === 'number') return a.value.n;
      throw DEOPT;
    },
    ub: (a: Atom | null): boolean => {
      if (a !== null && a.kind === GROUNDED && a.value instanceof BoolValue) return a.value.b;
      throw DEOPT;
    },
    tyN: (a: Atom): void => {
      if (!(a.kind === GROUNDED && a.value instanceof NumberValue)) throw DEOPT;
    },
    tyB: (a: Atom): void => {
      if (!(a.kind === GROUNDED && a.value instanceof BoolValue)) throw DEOPT;
    },
    ev,
    /** An expression's items as raw safe integers, when every one is an Int (superpose over a slot); else null. */
    intsOf: (xs: Atom): number[] | null => {
      const out: number[] = [];
      for (const x of xs.items) {
        const n = unbox(x);
        if (typeof n !== 'number') return null;
        out.push(n === 0 ? 0 : n);
      }
      return out;
    },
    /** TYPARAM with a result type known when the code was made (the VM passes its retSlot < 0 as `constructor`): the slow path is the VM's. */
    tyParam: (call: Atom, ty: number, direct: number, constructor: boolean): void => {
      if (specializeCall(info, call, typeOfSpec(ty), direct, constructor) < 0) throw DEOPT;
    },
    /** TYCHK of a type other than Number or Bool: the slow path is the VM's. */
    hasTy: (v: Atom, ty: number): void => {
      if (!valueHasType(info, v, ty)) throw DEOPT;
    },
    isErr: isErrorAtom,
    eq: atomEq,
    tuple: expr,
    inert: (a: Atom): boolean => a.kind === EXPRESSION && a.ground && (numberTuple(a) || isInert(info, a)),
    could: (pats: ReadonlyArray<PNode | null>, args: readonly Atom[]): boolean => pats.every((p, i) => p === null || shapeMatches(p, args[i]!)),
    limit: (max: number): never => {
      throw new StepLimitExceeded(max);
    },
    clock: (gathered: number): void => tier.host!.clock(gathered),
  };
}

/** Why the last procedure was not compiled (for tests and tracing). */
export let lastRefusal = '';
/** The source of the last region compiled (for tests and curious readers). */
export let lastRegionSource = '';
/** Set once `new Function` has thrown an EvalError (a CSP host): nothing is compiled after that. */
let forbidden = false;

export class JitTier {
  private readonly program: Program;
  /** Per procedure: compiled code, null when it cannot be compiled, undefined while not hot yet. */
  private readonly entries: Array<Entry | null | undefined> = [];
  private readonly hits: number[] = [];
  /** Compiled gather regions by their IR (null: outside the tier for good). */
  private readonly regions = new WeakMap<Ir, RegionEntry | null>();
  /** The VM running compiled region code (for its clock). */
  host: JitHost | null = null;

  constructor(program: Program) {
    this.program = program;
  }

  /**
   * Runs the gather region `body` (a `collapse`) as compiled JS on the frame
   * at vals[base…]: the list GATHER_END would have made (with `count`, its
   * length), with the steps the VM would have counted, or undefined when the
   * VM must run it itself. A body is always asked for the same one of the two.
   */
  gather(body: Ir, count: boolean, vals: ReadonlyArray<Atom | null>, base: number, host: JitHost): Atom[] | number | undefined {
    if (!jitTuning.regions || host.steps < host.jitResume) return undefined;
    let e = this.regions.get(body);
    if (e === undefined) {
      e = this.compileRegion(body, count, host);
      this.regions.set(body, e);
    }
    if (e === null || e.deopts >= REGION_DEOPTS) return undefined;
    const before = host.steps;
    const outer = this.host;
    this.host = host;
    try {
      const out = e.run(vals, base, before, host.maxSteps);
      host.steps = e.steps();
      host.jitCalls++;
      return out;
    } catch (x) {
      undoDeopt(x, host, e.steps(), before);
      e.deopts++;
      return undefined;
    } finally {
      this.host = outer;
    }
  }

  private compileRegion(body: Ir, count: boolean, host: JitHost): RegionEntry | null {
    if (forbidden) return null;
    try {
      const m = emitRegion(this.program, body, count);
      lastRegionSource = m.source;
      const h = regionHelpers(this.program, this);
      h['K'] = m.consts;
      h['PT'] = m.pats;
      const mod = new Function('H', m.source)(h) as { run: RegionEntry['run']; steps: () => number };
      return { run: mod.run, steps: mod.steps, deopts: 0 };
    } catch (e) {
      if (e instanceof EvalError) forbidden = true;
      refused(host, 'a region', e);
      return null;
    }
  }

  /**
   * Runs procedure `id` on the arguments at vals[base…] as compiled JS, asked
   * for type `ty`. Returns its result (a safe integer or a boolean), or
   * undefined when the VM must run the call itself.
   */
  call(id: number, vals: ReadonlyArray<Atom | null>, base: number, ty: number, host: JitHost): number | boolean | undefined {
    let e = this.entries[id];
    if (e === undefined) {
      const h = (this.hits[id] ?? 0) + 1;
      this.hits[id] = h;
      if (h < jitTuning.hot) return undefined;
      e = this.compile(id, host);
      this.entries[id] = e;
    }
    if (e === null || host.steps < host.jitResume || (ty !== TY_UNDEF && ty !== e.ty)) return undefined;
    const before = host.steps;
    let r: number | boolean | undefined;
    try {
      r = e.run(vals, base, before, host.maxSteps, host.deadline);
    } catch (x) {
      undoDeopt(x, host, e.steps(), before);
      host.jitResume = before + COOL_DOWN;
      return undefined;
    }
    if (r !== undefined) {
      host.steps = e.steps();
      host.jitCalls++;
    }
    return r;
  }

  /** Compiles `id` with what it calls, or null (for good) when anything there is outside the tier. */
  private compile(id: number, host: JitHost): Entry | null {
    if (forbidden) return null;
    let src: string;
    let ret: number;
    try {
      const shapes = shapesFrom(this.program, id);
      src = emitModule(shapes, id);
      ret = shapes.get(id)!.ret === 'N' ? TY_NUMBER : TY_BOOL;
    } catch (e) {
      refused(host, `procedure ${this.program.procs[id]!.head.name}`, e);
      return null;
    }
    try {
      const mod = new Function('H', src)(HELPERS) as { run: Run; steps: () => number };
      return { run: mod.run, steps: mod.steps, ty: ret };
    } catch (e) {
      // A host that forbids `new Function` (CSP): the VM runs everything.
      if (e instanceof EvalError) forbidden = true;
      refused(host, `procedure ${this.program.procs[id]!.head.name}`, e);
      return null;
    }
  }
}

/** A compile attempt given up: remembered for tests, counted by reason for `--stats` (what, then why). */
function refused(host: JitHost, what: string, e: unknown): void {
  lastRefusal = e instanceof Error ? e.message : String(e);
  const reason = `${what}: ${lastRefusal}`;
  host.jitRefusals[reason] = (host.jitRefusals[reason] ?? 0) + 1;
}

const tiers = new WeakMap<Program, JitTier>();

/** The tier for one compiled program (its procedure ids are that program's). */
export function jitFor(program: Program): JitTier {
  let t = tiers.get(program);
  if (t === undefined) {
    t = new JitTier(program);
    tiers.set(program, t);
  }
  return t;
}

/** The source the tier would emit for procedure `id` (for tests and curious readers). */
export function jitSource(program: Program, id: number): string {
  return emitModule(shapesFrom(program, id), id);
}
