// The tree-walking interpreter: hyperon's evaluation semantics (`metta`,
// interpret_expression/tuple/args, metta_call, and the minimal-MeTTa
// instructions) run on an explicit plan of alternatives, so MeTTa recursion
// depth is bounded by memory, never by the JS stack.
//
// The plan is LIFO (depth-first). A task either evaluates something or hands
// a value to a frame. Collecting frames (metta's result gathering, collapse-bind)
// push a sentinel before their first task: everything pushed above the
// sentinel descends from them, so when the sentinel is popped all their
// alternatives are done.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, expr, freshVariable, variable } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { makeString } from '../atom/grounded.js';
import { Bindings, collectVars, occurs, retainVars, type VarKey } from '../match/bindings.js';
import { unifyAll, unifyStored, instantiate, mergeBindings } from '../match/unify.js';
import { GroundingSpace, spaceAtom, spaceOf } from '../space/space.js';
import { getAtomTypes, isFunctionType, checkFunctionType, typeCast, metaTypeOf, ERROR_TYPE } from '../space/types.js';
import { ExecError, NoReduce, operationOf, type OpContext, type OpHost } from '../stdlib/operation.js';
import { isErrorAtom, bindingsOfAtom } from './values.js';
import type { Engine, EngineOptions, EngineStats } from '../runner/engine.js';
import { LimitExceeded, CLOCK_CHECK_INTERVAL, resolveLimits } from '../runner/limits.js';
import { BYTES, type MemoryMeter } from '../runner/memory.js';
import {
  Frame, CollectFrame, RootFrame, type Watch, TupleFrame, ArgsFrame, CallReturnFrame, ChainFrame, FunctionFrame, CollapseBindFrame,
} from './frames.js';

const T_METTA = 0;
const T_CALL = 1;
const T_MINIMAL = 2;
const T_RETURN = 3;
const T_FINISH = 4;

interface Task {
  op: number;
  atom: Atom;
  type: Atom;
  space: GroundingSpace;
  b: Bindings;
  k: Frame;
}

const INSTRUCTIONS = new Set<Atom>([
  S.eval, S.evalc, S.chain, S.unify, S.consAtom, S.deconsAtom, S.function, S.collapseBind, S.superposeBind, S.metta,
  S.contextSpace,
]);

/** Thrown when a run exceeds its step budget. */
export class StepLimitExceeded extends LimitExceeded {
  constructor(limit: number) {
    super('steps', `step limit of ${limit} exceeded`);
  }
}

export class Machine implements Engine {
  private plan: Task[] = [];
  steps = 0;
  readonly stats: EngineStats = { steps: 0, fallbacks: 0, jitCalls: 0, deopts: 0 };
  readonly host: OpHost;
  private maxSteps = Infinity;
  private maxStackDepth = 0;
  private deadline = Infinity;
  private maxResults = Infinity;
  private maxAtomSize = Infinity;
  private memory: MemoryMeter | null = null;
  /** Evaluations in progress: nested ones (from inside an operation) share the step budget of the outermost. */
  private active = 0;
  /** Plans of finished evaluations, kept for the next one (no array per evaluation). */
  private readonly spare: Task[][] = [];
  /** Results held by collecting frames that have not finished (charged to the memory budget). */
  held = 0;
  /** Frame depth of the task at the last memory check. */
  private depth = 0;

  constructor(host: OpHost, options: EngineOptions = {}) {
    this.host = host;
    this.configure(options);
  }

  /** Sets the limits of the evaluations to come (a runner reuses one machine for all its `!` forms). */
  configure(options: EngineOptions): void {
    ({ maxSteps: this.maxSteps, maxStackDepth: this.maxStackDepth, deadline: this.deadline,
      maxResults: this.maxResults, maxAtomSize: this.maxAtomSize } = resolveLimits(options));
    this.memory = options.memory ?? null;
  }

  /** Bytes this machine holds, as the memory budget counts them. */
  private footprint(): number {
    return this.plan.length * BYTES.task + this.depth * BYTES.frame + this.held * BYTES.treeResult;
  }

  /** Evaluates `atom` as `!atom` does: `(metta atom %Undefined% space)`, all results. */
  evaluate(atom: Atom, space: GroundingSpace, type: Atom = S.undefinedType, watch: Watch = null): Atom[] {
    // Each outermost evaluation has its own step budget; a reused machine starts counting again.
    if (this.active === 0 && !this.asyncRun) this.steps = 0;
    const root = new RootFrame(this.maxResults, this.maxAtomSize);
    root.watch = watch;
    const saved = this.plan;
    const savedAsync = this.asyncRun;
    // A nested evaluation (from inside an operation) counts what the outer one holds.
    const outer = this.memory === null ? 0 : this.footprint();
    const savedHeld = this.held;
    if (this.memory !== null) this.memory.outer += outer;
    this.held = 0;
    this.plan = this.spare.pop() ?? [];
    // A nested evaluation (from inside an operation) is synchronous even within an async run.
    this.asyncRun = false;
    this.active++;
    try {
      this.push(T_FINISH, S.empty, type, space, Bindings.EMPTY, root);
      this.metta(atom, type, space, Bindings.EMPTY, root);
      this.run();
    } finally {
      this.active--;
      this.asyncRun = savedAsync;
      this.stats.steps = this.steps;
      // A plan left non-empty by an exception is dropped, not reused.
      if (this.plan.length === 0 && this.spare.length < 8) this.spare.push(this.plan);
      this.plan = saved;
      this.held = savedHeld;
      if (this.memory !== null) this.memory.outer -= outer;
    }
    return root.out;
  }

  private asyncRun = false;
  private pending: { promise: Promise<Atom[]>; call: Atom; space: GroundingSpace; b: Bindings; k: Frame } | null = null;

  /**
   * Like evaluate, but asynchronous operations may suspend the run: the machine
   * waits for their promise and resumes exactly where it stopped.
   */
  async evaluateAsync(atom: Atom, space: GroundingSpace, type: Atom = S.undefinedType): Promise<Atom[]> {
    const root = new RootFrame(this.maxResults, this.maxAtomSize);
    this.plan = [];
    this.asyncRun = true;
    try {
      this.push(T_FINISH, S.empty, type, space, Bindings.EMPTY, root);
      this.metta(atom, type, space, Bindings.EMPTY, root);
      for (;;) {
        this.run();
        const p = this.pending;
        if (p === null) break;
        this.pending = null;
        let results: Atom[];
        try {
          results = await p.promise;
        } catch (e) {
          this.deliver(p.k, expr([S.error, p.call, makeString(e instanceof Error ? e.message : String(e))]), p.b);
          continue;
        }
        if (results.length === 0) this.deliver(p.k, S.empty, p.b);
        for (let i = results.length - 1; i >= 0; i--) {
          const r = results[i]!;
          if (isFunctionCall(r)) this.runFunction(r, p.call, p.space, p.b, p.k);
          else this.deliver(p.k, r, p.b);
        }
      }
    } finally {
      this.asyncRun = false;
      this.pending = null;
      this.plan = [];
      this.stats.steps = this.steps;
    }
    return root.out;
  }

  private run(): void {
    const plan = this.plan;
    while (plan.length > 0 && this.pending === null) {
      const t = plan.pop()!;
      if (++this.steps > this.maxSteps) throw new StepLimitExceeded(this.maxSteps);
      if (this.steps % CLOCK_CHECK_INTERVAL === 0) this.checkClock(t.k);
      switch (t.op) {
        case T_METTA: this.doMetta(t.atom, t.type, t.space, t.b, t.k); break;
        case T_CALL: this.doMettaCall(t.atom, t.type, t.space, t.b, t.k); break;
        case T_MINIMAL: this.doMinimal(t.atom, t.space, t.b, t.k); break;
        case T_RETURN: t.k.resume(this, t.atom, t.b); break;
        default: t.k.finish(this);
      }
    }
  }

  /** Time and memory, read every few thousand steps. */
  private checkClock(k: Frame): void {
    const now = Date.now();
    if (now > this.deadline) throw new LimitExceeded('time', 'time limit exceeded');
    if (this.memory !== null) {
      this.depth = k.depth;
      this.memory.check(this.footprint(), now);
    }
  }

  private push(op: number, atom: Atom, type: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    this.plan.push({ op, atom, type, space, b, k });
  }

  // Scheduling helpers used by frames.
  metta(atom: Atom, type: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    this.push(T_METTA, atom, type, space, b, k);
  }
  mettaCall(atom: Atom, type: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    this.push(T_CALL, atom, type, space, b, k);
  }
  minimal(atom: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    this.push(T_MINIMAL, atom, S.undefinedType, space, b, k);
  }
  deliver(k: Frame, value: Atom, b: Bindings): void {
    this.push(T_RETURN, value, S.undefinedType, DUMMY_SPACE, b, k);
  }
  /** Delivers several alternatives so that the first is processed first. */
  deliverAll(k: Frame, results: ReadonlyArray<readonly [Atom, Bindings]>): void {
    for (let i = results.length - 1; i >= 0; i--) this.deliver(k, results[i]![0], results[i]![1]);
  }
  private startCollecting(f: Frame, space: GroundingSpace): void {
    this.push(T_FINISH, S.empty, S.undefinedType, space, Bindings.EMPTY, f);
  }

  isInstruction(a: Atom): boolean {
    return a.kind === EXPRESSION && a.items.length > 0 && INSTRUCTIONS.has(a.items[0]!);
  }

  private pruneAt = 64;
  /**
   * Drops bindings of variables nothing refers to any more (the reference does
   * this at every frame return). Without it, a long loop that binds local
   * variables would grow its bindings without bound.
   */
  private prune(b: Bindings, atom: Atom, type: Atom, k: Frame): Bindings {
    const live = new Set<VarKey>();
    collectVars(atom, live);
    collectVars(type, live);
    for (let f: Frame | null = k; f !== null; f = f.parent) f.liveVars(live);
    const kept = retainVars(b, live);
    this.pruneAt = Math.max(64, kept.map.size * 2);
    return kept;
  }

  // metta(atom, type, space): reference interpreter.rs metta_impl / docs/metta.md "Evaluate atom".
  private doMetta(atom: Atom, type: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    if (b.map.size > this.pruneAt) b = this.prune(b, atom, type, k);
    if (!atom.ground) atom = b.apply(atom);
    if (atom === S.empty || isErrorAtom(atom)) return this.deliver(k, atom, b);
    if (type === S.atomType || atom.kind === VARIABLE || type === metaTypeOf(atom)) return this.deliver(k, atom, b);
    if (atom.kind !== EXPRESSION || atom.items.length === 0) {
      if (type === S.undefinedType) return this.deliver(k, atom, b);
      const cast = typeCast(space, atom, type, b);
      if (cast.ok !== null) return this.deliver(k, atom, cast.ok);
      return this.deliverAll(k, cast.errors.map((e) => [e, b] as const));
    }
    if (this.maxStackDepth > 0 && k.depth > this.maxStackDepth) {
      return this.deliver(k, expr([S.error, atom, S.stackOverflow]), b);
    }
    // Data such as a match answer `(1 2 3)`: the tuple rule would evaluate each item to
    // itself and give the tuple back unchanged, so give it back now.
    if (type === S.undefinedType && atom.ground && isDataTuple(atom) && !space.hasValueHeadedRules()) return this.deliver(k, atom, b);
    // A collector directly above already gathers and filters these results the
    // same way (the filter composes), so reuse it: this keeps tail calls flat.
    if (k instanceof CollectFrame) return this.interpretExpression(atom, type, space, b, k);
    const c = new CollectFrame(k);
    this.startCollecting(c, space);
    this.interpretExpression(atom, type, space, b, c);
  }

  private interpretExpression(atom: Atom, type: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    const op = atom.items[0]!;
    const opTypes = getAtomTypes(space, op);
    if (op.kind === EXPRESSION && opTypes.every((t) => t.kind === ERROR_TYPE)) {
      return this.deliverAll(k, opTypes.map((t) => [t.error!, b] as const));
    }
    const errors: Atom[] = [];
    let hasTupleType = false;
    for (const t of opTypes) {
      if (t.kind === ERROR_TYPE) continue;
      if (!isFunctionType(t.type)) {
        hasTupleType = true;
        continue;
      }
      const check = checkFunctionType(space, atom, t.type, type);
      if (check.ok !== null) {
        const fn = check.ok.apply(t.type);
        const formals = fn.items.slice(0, -1);
        formals[0] = fn;
        let ret = fn.items[fn.items.length - 1]!;
        if (ret === S.expressionType) ret = S.undefinedType;
        const f = new ArgsFrame(k, atom.items, formals, 0, null, ret, space);
        return this.metta(op, fn, space, b, f);
      }
      for (const e of check.errors) errors.push(e);
    }
    this.deliverAll(k, errors.map((e) => [e, b] as const));
    if (hasTupleType) {
      const f = new TupleFrame(k, atom.items, 0, null, type, space);
      this.metta(op, S.undefinedType, space, b, f);
    }
  }

  // metta_call: one reduction step of a fully built call, then reduce its result.
  private doMettaCall(atom: Atom, type: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    if (!atom.ground) atom = b.apply(atom);
    if (isErrorAtom(atom)) return this.deliver(k, atom, b);
    const head = atom.items[0]!;
    if (head.kind === GROUNDED || this.isInstruction(atom)) {
      const f = new CallReturnFrame(k, atom, type, space);
      return this.evalStep(atom, space, b, f);
    }
    if (head.kind === VARIABLE || (head.kind === EXPRESSION && headIsVariable(head))) return this.deliver(k, atom, b);
    const results = queryRules(space, atom, b);
    if (results.length === 0) return this.deliver(k, atom, b);
    for (let i = results.length - 1; i >= 0; i--) {
      const [x, rb] = results[i]!;
      if (isFunctionCall(x)) this.runFunction(x, atom, space, rb, new CallReturnFrame(k, atom, type, space));
      else this.callReturn(atom, x, type, space, rb, k);
    }
  }

  /** metta_call_return: NotReducible keeps the call, Empty and errors pass, anything else is reduced again. */
  callReturn(call: Atom, value: Atom, type: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    if (value === S.notReducible) return this.deliver(k, call, b);
    if (value === S.empty || isErrorAtom(value)) return this.deliver(k, value, b);
    this.metta(value, type, space, b, k);
  }

  /** `(eval X)`: one step — call a grounded operation, run an instruction, or apply `=` rules. */
  private evalStep(x: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    if (!x.ground) x = b.apply(x);
    if (x.kind !== EXPRESSION || x.items.length === 0) {
      if (x.kind === EXPRESSION) return this.deliver(k, S.notReducible, b);
      return this.queryStep(x, space, b, k);
    }
    const head = x.items[0]!;
    if (head.kind === GROUNDED) {
      const op = operationOf(head);
      // A grounded head that is not an operation (a number) is matched against rules.
      if (op === null) return this.queryStep(x, space, b, k);
      let results: Array<[Atom, Bindings]>;
      try {
        const ctx = this.context(space);
        const args = x.items.slice(1);
        if (op.asyncFn !== null) {
          if (!this.asyncRun) {
            return this.deliver(k, expr([S.error, x, makeString('asynchronous operation: use runAsync / evaluateAsync')]), b);
          }
          // Suspend this alternative; evaluateAsync resumes it when the promise settles.
          this.pending = { promise: op.asyncFn(args, ctx), call: x, space, b, k };
          return;
        }
        if (op.bindingsFn !== null) results = op.bindingsFn(args, ctx, b);
        else results = op.fn!(args, ctx).map((r) => [r, b]);
      } catch (e) {
        if (e instanceof NoReduce) return this.deliver(k, S.notReducible, b);
        if (e instanceof ExecError) return this.deliver(k, expr([S.error, x, e.atom ?? makeString(e.message)]), b);
        // A limit reached in a nested evaluation stops the whole run.
        if (e instanceof LimitExceeded || !(e instanceof Error)) throw e;
        // A host function that throws is a runtime error of this call, not of the host.
        return this.deliver(k, expr([S.error, x, makeString(e.message)]), b);
      }
      if (results.length === 0) return this.deliver(k, S.empty, b);
      for (let i = results.length - 1; i >= 0; i--) {
        const [r, rb] = results[i]!;
        if (isFunctionCall(r)) this.runFunction(r, x, space, rb, k);
        else this.deliver(k, r, rb);
      }
      return;
    }
    if (this.isInstruction(x)) return this.minimal(x, space, b, k);
    this.queryStep(x, space, b, k);
  }

  private queryStep(x: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    if (x.kind === EXPRESSION && headIsVariable(x)) return this.deliver(k, S.notReducible, b);
    const results = queryRules(space, x, b);
    if (results.length === 0) return this.deliver(k, S.notReducible, b);
    for (let i = results.length - 1; i >= 0; i--) {
      const [r, rb] = results[i]!;
      if (isFunctionCall(r)) this.runFunction(r, x, space, rb, k);
      else this.deliver(k, r, rb);
    }
  }

  /** A call reduced to `(function <body>)`: runs the body; NoReturn errors name `call`. */
  private runFunction(fn: Atom, call: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    const body = fn.items[1];
    if (fn.items.length !== 2 || body === undefined || body.kind !== EXPRESSION) return this.minimal(fn, space, b, k);
    this.minimal(body, space, b, new FunctionFrame(k, call, space));
  }

  // Minimal MeTTa: the instruction set `metta` is written in (docs/minimal-metta.md).
  private doMinimal(atom: Atom, space: GroundingSpace, b: Bindings, k: Frame): void {
    if (!this.isInstruction(atom)) return this.deliver(k, b.apply(atom), b);
    const items = atom.items;
    const op = items[0]!;
    switch (op) {
      case S.eval:
        if (items.length !== 2) return this.deliver(k, formError(atom, '(eval <atom>)'), b);
        return this.evalStep(items[1]!, space, b, k);
      case S.evalc: {
        const sp = items.length === 3 ? spaceOf(b.apply(items[2]!)) : null;
        if (sp === null) return this.deliver(k, formError(atom, '(evalc <atom> <space>)'), b);
        return this.evalStep(items[1]!, sp, b, k);
      }
      case S.chain: {
        if (items.length !== 4 || items[2]!.kind !== VARIABLE) {
          return this.deliver(k, formError(atom, '(chain <nested> (: <var> Variable) <templ>)'), b);
        }
        return this.minimal(items[1]!, space, b, new ChainFrame(k, items[2]!, items[3]!, space));
      }
      case S.unify: {
        if (items.length !== 5) return this.deliver(k, formError(atom, '(unify <atom> <pattern> <then> <else>)'), b);
        const matches = unifyAll(b.apply(items[1]!), b.apply(items[2]!), b).filter((r) => !hasLoops(r));
        if (matches.length === 0) return this.deliver(k, b.apply(items[4]!), b);
        for (let i = matches.length - 1; i >= 0; i--) this.deliver(k, matches[i]!.apply(items[3]!), matches[i]!);
        return;
      }
      case S.consAtom: {
        const tail = items.length === 3 ? b.apply(items[2]!) : null;
        if (tail === null || tail.kind !== EXPRESSION) {
          return this.deliver(k, formError(atom, '(cons-atom <head> (: <tail> Expression))'), b);
        }
        return this.deliver(k, expr([b.apply(items[1]!), ...tail.items]), b);
      }
      case S.deconsAtom: {
        const e = items.length === 2 ? b.apply(items[1]!) : null;
        if (e === null || e.kind !== EXPRESSION || e.items.length === 0) {
          return this.deliver(k, formError(atom, '(decons-atom (: <expr> Expression))'), b);
        }
        return this.deliver(k, expr([e.items[0]!, expr(e.items.slice(1))]), b);
      }
      case S.function: {
        if (items.length !== 2 || items[1]!.kind !== EXPRESSION) {
          return this.deliver(k, formError(atom, '(function (: <body> Expression))'), b);
        }
        // NoReturn names the enclosing instruction, as the reference names the previous stack frame.
        const caller = k instanceof ChainFrame ? expr([S.chain, atom, k.variable, k.template]) : atom;
        return this.minimal(items[1]!, space, b, new FunctionFrame(k, caller, space));
      }
      case S.collapseBind: {
        if (items.length !== 2) return this.deliver(k, formError(atom, '(collapse-bind <atom>)'), b);
        const f = new CollapseBindFrame(k, b);
        this.startCollecting(f, space);
        return this.minimal(items[1]!, space, b, f);
      }
      case S.superposeBind: {
        const list = items.length === 2 ? b.apply(items[1]!) : null;
        if (list === null || list.kind !== EXPRESSION) {
          return this.deliver(k, formError(atom, '(superpose-bind (: <collapsed> Expression))'), b);
        }
        const out: Array<[Atom, Bindings]> = [];
        for (const pair of list.items) {
          const pb = pair.kind === EXPRESSION && pair.items.length === 2 ? bindingsOfAtom(pair.items[1]!) : null;
          if (pb === null) continue;
          const merged = mergeBindings(b, pb);
          if (merged !== null && !hasLoops(merged)) out.push([pair.items[0]!, merged]);
        }
        return this.deliverAll(k, out);
      }
      case S.metta: {
        const sp = items.length === 4 ? spaceOf(b.apply(items[3]!)) : null;
        if (sp === null) return this.deliver(k, formError(atom, '(metta atom type space)'), b);
        return this.metta(items[1]!, b.apply(items[2]!), sp, b, k);
      }
      default: // context-space
        return this.deliver(k, spaceAtom(space), b);
    }
  }

  /** The operation context for a grounded call in `space`. */
  context(space: GroundingSpace): OpContext {
    return {
      space,
      host: this.host,
      evaluate: (a: Atom, sp: GroundingSpace): Atom[] => this.evaluate(a, sp),
    };
  }
}

const DUMMY_SPACE = new GroundingSpace();

function formError(atom: Atom, form: string): Atom {
  return expr([S.error, atom, makeString(`expected: ${form}, found: ${atom.toString()}`)]);
}

function headIsVariable(e: Atom): boolean {
  let h = e;
  while (h.kind === EXPRESSION && h.items.length > 0) h = h.items[0]!;
  return h.kind === VARIABLE;
}

/**
 * A tuple `metta` gives back as it is: its head is a grounded value that is
 * neither an operation nor typed as a function (so the tuple rule applies),
 * and every item is a grounded atom or a symbol other than Empty (each
 * evaluates to itself, and no rule applies to a call with a grounded head).
 */
function isDataTuple(a: Atom): boolean {
  const items = a.items;
  const h = items[0]!;
  if (h.kind !== GROUNDED || operationOf(h) !== null || isFunctionType(h.value!.typeAtom())) return false;
  for (let i = 1; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind === GROUNDED) continue;
    if (it.kind !== SYMBOL || it === S.empty) return false;
  }
  return true;
}

function isFunctionCall(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length === 2 && a.items[0] === S.function;
}

function hasLoops(b: Bindings): boolean {
  for (const [k, v] of b.map) {
    if (v.ground) continue;
    const probe = typeof k === 'number' ? variable('v', k) : variable(k, 0);
    if (occurs(b, probe, v)) return true;
  }
  return false;
}

/**
 * All `(= call body)` rules of the space that unify with `call` (already
 * resolved under `b`): each body instantiated, with `b` extended by what the
 * rule bound in the call. Rule variables are renamed fresh per use.
 */
export function queryRules(space: GroundingSpace, call: Atom, b: Bindings): Array<[Atom, Bindings]> {
  const out: Array<[Atom, Bindings]> = [];
  const pattern = expr([S.equals, call, X_VAR]);
  const callVars = call.ground ? null : collectVars(call, new Set<VarKey>());
  for (const stored of space.candidates(pattern)) {
    const rename = new Map<VarKey, Atom>();
    if (stored.kind !== EXPRESSION || stored.items.length !== 3 || stored.items[0] !== S.equals) {
      // Non-rule atoms can still match `(= call $X)` (e.g. a variable stored at the top).
      const r = unifyStored(pattern, stored, Bindings.EMPTY, rename);
      if (r === null) continue;
      // A stored variable matches the whole pattern but gives the result no value: skipped,
      // as the reference skips an answer whose $X does not resolve.
      const value = r.apply(X_VAR);
      if (value === X_VAR) continue;
      const nb = extend(b, r, callVars);
      if (nb !== null) out.push([value, nb]);
      continue;
    }
    const r = unifyStored(call, stored.items[1]!, Bindings.EMPTY, rename);
    if (r === null) continue;
    const nb = extend(b, r, callVars);
    if (nb !== null) out.push([instantiate(stored.items[2]!, rename, r), nb]);
  }
  return out;
}

const X_VAR = freshVariable('X');

function extend(b: Bindings, r: Bindings, callVars: Set<VarKey> | null): Bindings | null {
  if (callVars === null || r.map.size === 0) return b;
  let out: Map<VarKey, Atom> | null = null;
  for (const v of callVars) {
    const t = r.map.get(v);
    if (t === undefined) continue;
    if (out === null) out = new Map(b.map);
    out.set(v, r.apply(t));
  }
  return out === null ? b : new Bindings(out);
}

