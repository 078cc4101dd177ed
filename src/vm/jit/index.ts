// The JavaScript tier: hot deterministic numeric procedures compiled to JS
// source with `new Function`, so V8's own JIT runs them. The VM asks it at
// every CALL/TAILCALL (`call`); a procedure is compiled once it has been
// called `hot` times (so one-off procedures never pay for compiling), together
// with everything it calls. Whatever cannot be compiled stays on the VM for
// good; a guard failing at run time (DEOPT) sends just that call back to it.
import { GROUNDED, type Atom } from '../../atom/atom.js';
import { NumberValue, BoolValue } from '../../atom/grounded.js';
import { StepLimitExceeded } from '../../interp/machine.js';
import { LimitExceeded } from '../../runner/limits.js';
import type { Program } from '../compiler.js';
import { TY_UNDEF, TY_NUMBER, TY_BOOL } from '../opcodes.js';
import { shapesFrom } from './eligible.js';
import { emitModule } from './emit-js.js';

/** Calls of a procedure before it is compiled (tests lower it to compile at the first call). */
export const jitTuning = { hot: 32 };
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
  /** Compiled code is entered only from this step count on. */
  jitResume: number;
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

/** Why the last procedure was not compiled (for tests and tracing). */
export let lastRefusal = '';
/** Set once `new Function` has thrown an EvalError (a CSP host): nothing is compiled after that. */
let forbidden = false;

export class JitTier {
  private readonly program: Program;
  /** Per procedure: compiled code, null when it cannot be compiled, undefined while not hot yet. */
  private readonly entries: Array<Entry | null | undefined> = [];
  private readonly hits: number[] = [];

  constructor(program: Program) {
    this.program = program;
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
      e = this.compile(id);
      this.entries[id] = e;
    }
    if (e === null || host.steps < host.jitResume || (ty !== TY_UNDEF && ty !== e.ty)) return undefined;
    const before = host.steps;
    let r: number | boolean | undefined;
    try {
      r = e.run(vals, base, before, host.maxSteps, host.deadline);
    } catch (x) {
      // RangeError: the JS stack ran out anyway (the depth bound is a guess); the VM needs none.
      if (x !== DEOPT && !(x instanceof RangeError)) {
        host.steps = e.steps();
        throw x;
      }
      host.steps = before;
      host.deopts++;
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
  private compile(id: number): Entry | null {
    if (forbidden) return null;
    let src: string;
    let ret: number;
    try {
      const shapes = shapesFrom(this.program, id);
      src = emitModule(shapes, id);
      ret = shapes.get(id)!.ret === 'N' ? TY_NUMBER : TY_BOOL;
    } catch (e) {
      lastRefusal = e instanceof Error ? e.message : String(e);
      return null;
    }
    try {
      const mod = new Function('H', src)(HELPERS) as { run: Run; steps: () => number };
      return { run: mod.run, steps: mod.steps, ty: ret };
    } catch (e) {
      // A host that forbids `new Function` (CSP): the VM runs everything.
      if (e instanceof EvalError) forbidden = true;
      lastRefusal = e instanceof Error ? e.message : String(e);
      return null;
    }
  }
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
