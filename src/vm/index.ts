// The bytecode VM tier. Forms are compiled (with the rules they reach) and run
// on the VM; whatever it cannot do with the tree-walker's exact semantics goes
// to the tree-walker instead, a subterm or the whole form, counted in
// `stats.fallbacks`.
import { Atom, EXPRESSION } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { startJournal, rollbackJournal, endJournal, spaceOf, type GroundingSpace } from '../space/space.js';
import { isDirectAdd } from './space-info.js';
import type { OpHost } from '../stdlib/operation.js';
import { Machine, StepLimitExceeded } from '../interp/machine.js';
import { addCounts, type Engine, type EngineOptions, type EngineStats } from '../runner/engine.js';
import { resolveLimits, checkAtomSize, LimitExceeded } from '../runner/limits.js';
import type { MemoryMeter } from '../runner/memory.js';
import { programFor, type Program } from './compiler.js';
import { Vm, Bail, type FallbackEval, type Watch } from './vm.js';
import type { Chunk } from './chunk.js';
import { jitFor } from './jit/index.js';
import { resultsWithoutEvaluation } from './typed-entry.js';
import { typeSpec } from './type-specs.js';
import { TY_UNDEF } from './opcodes.js';

export { disassemble, disassembleProgram } from './disasm.js';
export { compileExpression, executeCompiled, type CompiledExpression } from './expression.js';

/** Bails that come from variables met as values: a logic-mode run may do the form. */
const LOGIC_RETRY = /^(unbound variable|a fallback result is not ground|a match result is not ground)/;

export class VmEngine implements Engine {
  readonly stats: EngineStats = { steps: 0, fallbacks: 0, fallbackReasons: {}, tableHits: 0, tableMisses: 0, jitCalls: 0, deopts: 0, jitRefusals: {} };
  private tabling = true;
  private readonly host: OpHost;
  private maxSteps = Infinity;
  private maxStackDepth = 0;
  private deadline = Infinity;
  private maxResults = Infinity;
  private maxAtomSize = Infinity;
  private jit = true;
  private memory: MemoryMeter | null = null;
  /** Why the last evaluation left the VM, for tests and tracing ('' when it did not). */
  lastBail = '';
  /** The VM every evaluation runs on, its stacks kept between runs; a re-entrant evaluation gets its own. */
  private readonly vm: Vm;
  private busy = false;
  /** The fallbacks of the current evaluation's VM run, taken back when a logic-mode run replaces it. */
  private readonly attempt: string[] = [];
  /** One closure for the engine's life: a subterm the VM hands to the tree-walker. */
  private readonly fallback: FallbackEval;

  constructor(host: OpHost, options: EngineOptions) {
    this.host = host;
    this.configure(options);
    this.fallback = (a, t, max, program, reason, watch) => this.fallbackEval(a, t, max, program, reason, watch);
    this.vm = new Vm(this.fallback);
    this.vm.opHost = host;
  }

  /** Sets the limits of the evaluations to come (a runner reuses one engine for all its `!` forms). */
  configure(options: EngineOptions): void {
    ({ maxSteps: this.maxSteps, maxStackDepth: this.maxStackDepth, deadline: this.deadline,
      maxResults: this.maxResults, maxAtomSize: this.maxAtomSize } = resolveLimits(options));
    this.tabling = options.tabling ?? true;
    this.jit = options.jit !== false;
    this.memory = options.memory ?? null;
  }

  evaluate(atom: Atom, space: GroundingSpace, type: Atom = S.undefinedType): Atom[] {
    this.lastBail = '';
    if (!this.busy) this.attempt.length = 0;
    if (atom.kind !== EXPRESSION || atom.items.length === 0 || type !== S.undefinedType) {
      // What `metta` settles before evaluating anything (meta types, casts of symbols and grounded atoms).
      const direct = resultsWithoutEvaluation(space, atom, type);
      if (direct !== null) return this.rootResults(direct);
      if (!type.ground) return this.tree(atom, space, type, this.maxSteps, 'an evaluation asked for a type with variables');
    }
    const program = programFor(space);
    const ty = type === S.undefinedType ? TY_UNDEF : typeSpec(type);
    const chunk = program.compileForm(atom, ty);
    if (chunk === null) return this.tree(atom, space, type, this.maxSteps, 'a form that cannot be compiled');
    const reentrant = this.busy;
    const vm = reentrant ? new Vm(this.fallback) : this.vm;
    // Under a stack-depth limit every call takes a VM frame (no JS tier, no tabled replay on nested VMs).
    const depthLimited = this.maxStackDepth > 0;
    vm.opHost = this.host;
    vm.prepare(program, this.maxSteps, this.jit && !depthLimited ? jitFor(program) : null);
    vm.deadline = this.deadline;
    vm.maxResults = this.maxResults;
    vm.maxAtomSize = this.maxAtomSize;
    vm.memory = this.memory;
    vm.tabling = this.tabling && !depthLimited;
    vm.maxStackDepth = this.maxStackDepth;
    const first = this.runChunk(vm, program, chunk, ty, reentrant);
    if (!(first instanceof Bail)) return first;
    this.lastBail = first.message;
    let spent = vm.steps;
    if (LOGIC_RETRY.test(first.message) && !reentrant) {
      // Variables the VM met as values: run the form again with logic variables (see Vm.logic).
      const discarded = this.attempt.slice();
      const logic = this.logicRun(program, atom, ty, spent);
      if (logic !== null && !(logic instanceof Bail)) {
        // The first run was thrown away, journal and all: so are the fallbacks it counted.
        const r = this.stats.fallbackReasons!;
        for (const reason of discarded) {
          this.stats.fallbacks--;
          if (--r[reason]! === 0) delete r[reason];
        }
        return logic;
      }
      if (logic !== null) {
        this.lastBail = `${logic.message} (logic mode)`;
        spent += this.vm.steps;
      }
    }
    return this.tree(atom, space, type, this.maxSteps - spent, `the whole form, after: ${this.lastBail}`);
  }

  /**
   * The form on the VM in logic mode (its own variables start as values, unification binds
   * them), with what the first run left of the step budget; the Bail when that bails too, null
   * when the general path cannot compile the form.
   */
  private logicRun(program: Program, atom: Atom, ty: number, spent: number): Atom[] | Bail | null {
    const chunk = program.compileForm(atom, ty, true);
    if (chunk === null) return null;
    const vm = this.vm;
    vm.prepare(program, this.maxSteps - spent, null);
    vm.logic = true;
    try {
      return this.runChunk(vm, program, chunk, ty, false);
    } finally {
      vm.logic = false;
    }
  }

  /**
   * One run of a form's chunk: its results, or the Bail that ended it, with the atoms it added
   * (journaled) taken back. Its counters go to the engine's stats (its steps unless a limit stopped it).
   */
  private runChunk(vm: Vm, program: Program, chunk: Chunk, ty: number, reentrant: boolean): Atom[] | Bail {
    this.busy = true;
    program.enterRun();
    const mark = startJournal();
    try {
      const r = vm.run(chunk, ty);
      this.stats.steps += vm.steps;
      return r;
    } catch (e) {
      // In logic mode unification and substitution recurse in JS: a value nested too deep for that is the tree-walker's.
      const deep = vm.logic && e instanceof RangeError;
      if (!(e instanceof Bail) && !deep) throw e;
      rollbackJournal(mark);
      this.stats.steps += vm.steps;
      return deep ? new Bail('a value nested too deep for unification') : e as Bail;
    } finally {
      endJournal();
      program.exitRun();
      this.busy = reentrant;
      this.stats.tableHits! += vm.tableStats.hits;
      this.stats.tableMisses! += vm.tableStats.misses;
      this.stats.jitCalls += vm.jitCalls;
      this.stats.deopts += vm.deopts;
      addCounts(this.stats.jitRefusals!, vm.jitRefusals);
    }
  }

  /** Results delivered straight to the root, checked and filtered as the tree-walker's root frame does. */
  private rootResults(results: Atom[]): Atom[] {
    // The tree-walker's two steps: the evaluation and the root's finish.
    this.stats.steps += 2;
    if (this.maxSteps < 2) throw new StepLimitExceeded(this.maxSteps);
    for (const r of results) checkAtomSize(r, this.maxAtomSize);
    if (results.length > this.maxResults) {
      throw new LimitExceeded('results', `result limit of ${this.maxResults} exceeded`, results.slice(0, this.maxResults));
    }
    return results;
  }

  private fallbackEval(a: Atom, t: Atom, max: number, program: Program, reason: string, watch: Watch): { results: Atom[]; steps: number } {
    this.count(reason);
    const space = program.info.space;
    // `(add-atom <space> <atom>)` for an untyped result: the tree-walker would check the
    // argument types (a space, any atom), add the atom unevaluated and give (); do just that.
    if (t === S.undefinedType && isDirectAdd(a)) {
      const target = spaceOf(a.items[1]!);
      if (target !== null) {
        target.add(a.items[2]!);
        if (space.schemaVersion !== program.info.version) throw new Bail('a fallback changed the rules or types');
        if (watch !== null) watch.cells.push(...watch.vars);
        return { results: [UNIT], steps: 1 };
      }
    }
    const m = new Machine(this.host, { maxSteps: max, deadline: this.deadline, memory: this.memory });
    const schema = space.schemaVersion;
    const results = m.evaluate(a, space, t, watch);
    // An added rule or type would make the compiled program stale: restart in the tree-walker.
    if (space.schemaVersion !== schema) throw new Bail('a fallback changed the rules or types');
    return { results, steps: m.steps };
  }

  private count(reason: string): void {
    this.attempt.push(reason);
    this.stats.fallbacks++;
    const r = this.stats.fallbackReasons!;
    r[reason] = (r[reason] ?? 0) + 1;
  }

  private tree(atom: Atom, space: GroundingSpace, type: Atom, maxSteps: number, reason: string): Atom[] {
    this.count(reason);
    const m = new Machine(this.host, {
      maxSteps, maxStackDepth: this.maxStackDepth, deadline: this.deadline, maxResults: this.maxResults, maxAtomSize: this.maxAtomSize,
      memory: this.memory,
    });
    try {
      return m.evaluate(atom, space, type);
    } finally {
      this.stats.steps += m.steps;
    }
  }
}
