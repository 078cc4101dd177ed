// The bytecode VM tier. Forms are compiled (with the rules they reach) and run
// on the VM; whatever it cannot do with the tree-walker's exact semantics goes
// to the tree-walker instead, a subterm or the whole form, counted in
// `stats.fallbacks`.
import { Atom, EXPRESSION } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { startJournal, rollbackJournal, endJournal, spaceOf, type GroundingSpace } from '../space/space.js';
import { isDirectAdd } from './space-info.js';
import type { OpHost } from '../stdlib/operation.js';
import { Machine } from '../interp/machine.js';
import type { Engine, EngineOptions, EngineStats } from '../runner/engine.js';
import { resolveLimits } from '../runner/limits.js';
import type { MemoryMeter } from '../runner/memory.js';
import { programFor } from './compiler.js';
import { Vm, Bail } from './vm.js';
import { jitFor } from './jit/index.js';

export { disassemble, disassembleProgram } from './disasm.js';

export class VmEngine implements Engine {
  readonly stats: EngineStats = { steps: 0, fallbacks: 0, tableHits: 0, tableMisses: 0, jitCalls: 0, deopts: 0 };
  private readonly tabling: boolean;
  private readonly host: OpHost;
  private readonly maxSteps: number;
  private readonly maxStackDepth: number;
  private readonly deadline: number;
  private readonly maxResults: number;
  private readonly maxAtomSize: number;
  private readonly jit: boolean;
  private readonly memory: MemoryMeter | null;
  /** Why the last evaluation left the VM, for tests and tracing ('' when it did not). */
  lastBail = '';

  constructor(host: OpHost, options: EngineOptions) {
    this.host = host;
    this.tabling = options.tabling ?? true;
    ({ maxSteps: this.maxSteps, maxStackDepth: this.maxStackDepth, deadline: this.deadline,
      maxResults: this.maxResults, maxAtomSize: this.maxAtomSize } = resolveLimits(options));
    this.jit = options.jit !== false;
    this.memory = options.memory ?? null;
  }

  evaluate(atom: Atom, space: GroundingSpace, type: Atom = S.undefinedType): Atom[] {
    this.lastBail = '';
    // Stack-depth limits count the tree-walker's frames, which the VM does not have.
    if (type !== S.undefinedType || this.maxStackDepth > 0 || atom.kind !== EXPRESSION) return this.tree(atom, space, type, this.maxSteps);
    const program = programFor(space);
    const chunk = program.compileForm(atom);
    if (chunk === null) return this.tree(atom, space, type, this.maxSteps);
    const vm = new Vm(program, (a, t, max) => {
      this.stats.fallbacks++;
      // `(add-atom <space> <atom>)` for an untyped result: the tree-walker would check the
      // argument types (a space, any atom), add the atom unevaluated and give (); do just that.
      if (t === S.undefinedType && isDirectAdd(a)) {
        const target = spaceOf(a.items[1]!);
        if (target !== null) {
          target.add(a.items[2]!);
          if (space.schemaVersion !== program.info.version) throw new Bail('a fallback changed the rules or types');
          return { results: [UNIT], steps: 1 };
        }
      }
      const m = new Machine(this.host, { maxSteps: max, deadline: this.deadline, memory: this.memory });
      const schema = space.schemaVersion;
      const results = m.evaluate(a, space, t);
      // An added rule or type would make the compiled program stale: restart in the tree-walker.
      if (space.schemaVersion !== schema) throw new Bail('a fallback changed the rules or types');
      return { results, steps: m.steps };
    }, this.maxSteps, this.jit ? jitFor(program) : null);
    vm.deadline = this.deadline;
    vm.maxResults = this.maxResults;
    vm.maxAtomSize = this.maxAtomSize;
    vm.memory = this.memory;
    vm.tabling = this.tabling;
    // Atoms the run adds (through `add-atom` fallbacks) are journaled: a bail takes them back.
    const mark = startJournal();
    let bail: Bail;
    try {
      const r = vm.run(chunk);
      this.stats.steps += vm.steps;
      return r;
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      rollbackJournal(mark);
      bail = e;
    } finally {
      endJournal();
      this.stats.tableHits! += vm.tableStats.hits;
      this.stats.tableMisses! += vm.tableStats.misses;
      this.stats.jitCalls += vm.jitCalls;
      this.stats.deopts += vm.deopts;
    }
    this.lastBail = bail.message;
    this.stats.steps += vm.steps;
    return this.tree(atom, space, type, this.maxSteps - vm.steps);
  }

  private tree(atom: Atom, space: GroundingSpace, type: Atom, maxSteps: number): Atom[] {
    this.stats.fallbacks++;
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
