// Bindings carried as a grounded atom, as `collapse-bind` returns them.
import { Atom, GROUNDED, gnd, type GroundedValue } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import type { Bindings } from './bindings.js';

/** Bindings carried as a grounded atom by `collapse-bind`. */
export class BindingsValue implements GroundedValue {
  readonly bindings: Bindings;
  constructor(bindings: Bindings) {
    this.bindings = bindings;
  }
  typeAtom(): Atom {
    return S.undefinedType;
  }
  equals(o: GroundedValue): boolean {
    return o instanceof BindingsValue && o.bindings === this.bindings;
  }
  display(): string {
    const parts = this.bindings.entries().map(([v, t]) => `${v.toString()} <- ${t.toString()}`);
    return parts.length === 0 ? '{ }' : `{ ${parts.join(', ')} }`;
  }
  hashCode(): number {
    return 0x6b43a9b5;
  }
}

export function bindingsAtom(b: Bindings): Atom {
  return gnd(new BindingsValue(b));
}

export function bindingsOfAtom(a: Atom): Bindings | null {
  return a.kind === GROUNDED && a.value instanceof BindingsValue ? a.value.bindings : null;
}
