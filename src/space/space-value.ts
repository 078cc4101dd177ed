// A space as a grounded atom (`&self`, `(new-space)`): matching against it queries it.
import { Atom, GROUNDED, gnd, type GroundedValue } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import type { Bindings } from '../match/bindings.js';
import type { CustomMatcher } from '../match/unify.js';
import type { GroundingSpace } from './space.js';

export class SpaceValue implements GroundedValue, CustomMatcher {
  readonly space: GroundingSpace;
  constructor(space: GroundingSpace) {
    this.space = space;
  }
  typeAtom(): Atom {
    return S.spaceType;
  }
  equals(o: GroundedValue): boolean {
    return o instanceof SpaceValue && o.space === this.space;
  }
  display(): string {
    return this.space.name ?? `GroundingSpace-0x${(0x1000 + this.space.id * 0x40).toString(16)}`;
  }
  hashCode(): number {
    return this.space.id * 7919;
  }
  matchAtom(other: Atom, bindings: Bindings): Bindings[] {
    if (other.kind === GROUNDED) return other.value instanceof SpaceValue && other.value.space === this.space ? [bindings] : [];
    return this.space.query(other, bindings);
  }
}

export function spaceAtom(space: GroundingSpace): Atom {
  return gnd(new SpaceValue(space));
}

export function spaceOf(a: Atom): GroundingSpace | null {
  return a.kind === GROUNDED && a.value instanceof SpaceValue ? a.value.space : null;
}
