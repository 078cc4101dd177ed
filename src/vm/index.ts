// Placeholder for the bytecode VM tier: until it lands, every evaluation falls
// back to the tree-walker and is counted as a fallback.
import type { Atom } from '../atom/atom.js';
import type { GroundingSpace } from '../space/space.js';
import type { OpHost } from '../stdlib/operation.js';
import { Machine } from '../interp/machine.js';
import type { Engine, EngineOptions, EngineStats } from '../runner/engine.js';

export class VmEngine implements Engine {
  readonly stats: EngineStats = { steps: 0, fallbacks: 0 };
  private readonly tree: Machine;
  constructor(host: OpHost, options: EngineOptions) {
    this.tree = new Machine(host, options);
  }
  evaluate(atom: Atom, space: GroundingSpace, type?: Atom): Atom[] {
    this.stats.fallbacks++;
    const r = this.tree.evaluate(atom, space, type);
    this.stats.steps = this.tree.steps;
    return r;
  }
}
