// Spaces and states (reference: runner/stdlib/space.rs).
import { Atom, GROUNDED, expr, gnd, atomEq, type GroundedValue } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { GroundingSpace, spaceAtom, spaceOf } from '../space/space.js';
import { getValidTypes } from '../space/types.js';
import { StoreError } from '../space/store-error.js';
import { stringOf } from '../atom/grounded.js';
import { renameVariables } from '../match/bindings.js';
import { operation } from './operation.js';
import { fail } from './errors.js';
import { typeAtom } from './type-syntax.js';

/** A mutable cell: `(new-state v)` prints as `(State v)` and has type `(StateMonad T)`. */
export class StateValue implements GroundedValue {
  value: Atom;
  readonly type: Atom;
  constructor(value: Atom, type: Atom) {
    this.value = value;
    this.type = type;
  }
  typeAtom(): Atom {
    return expr([S.stateMonad, this.type]);
  }
  /** Set while this state is being printed or compared: a state may hold itself (a cycle). */
  private visiting = false;
  // Like hyperon's StateAtom, two states are equal when they hold equal values.
  equals(o: GroundedValue): boolean {
    if (o === this) return true;
    if (!(o instanceof StateValue) || this.visiting) return false;
    this.visiting = true;
    try {
      return atomEq(o.value, this.value);
    } finally {
      this.visiting = false;
    }
  }
  display(): string {
    // A state inside its own value prints as `(State …)` instead of recursing without end.
    if (this.visiting) return '(State …)';
    this.visiting = true;
    try {
      return `(State ${this.value.toString()})`;
    } finally {
      this.visiting = false;
    }
  }
  hashCode(): number {
    return 0x57a7e;
  }
}

function stateOf(a: Atom | undefined, message: string): StateValue {
  if (a === undefined || a.kind !== GROUNDED || !(a.value instanceof StateValue)) fail(message);
  return a.value;
}

function spaceArg(a: Atom | undefined, message: string): GroundingSpace {
  const s = a === undefined ? null : spaceOf(a);
  if (s === null) fail(message);
  return s;
}

export function spaceOps(): Atom[] {
  return [
    operation('new-space', typeAtom('(-> SpaceType)'), (args) => {
      if (args.length > 0) fail("new-space doesn't expect arguments");
      return [spaceAtom(new GroundingSpace())];
    }),
    operation('open-space', typeAtom('(-> String SpaceType)'), (args, ctx) => {
      const url = args.length === 1 ? stringOf(args[0]!) : null;
      if (url === null) fail('open-space expects a URL string: "sqlite:FILE" or "postgres://…"');
      try {
        return [spaceAtom(ctx.host.openSpace(url))];
      } catch (e) {
        if (e instanceof StoreError) fail(e.message);
        throw e;
      }
    }),
    operation('add-atom', typeAtom('(-> SpaceType Atom (->))'), (args) => {
      if (args.length < 2) fail('add-atom expects two arguments: space and atom');
      spaceArg(args[0], 'add-atom expects a space as the first argument').add(args[1]!);
      return [UNIT];
    }),
    operation('remove-atom', typeAtom('(-> SpaceType Atom (->))'), (args) => {
      if (args.length < 2) fail('remove-atom expects two arguments: space and atom');
      spaceArg(args[0], 'remove-atom expects a space as the first argument').remove(args[1]!);
      return [UNIT];
    }),
    operation('get-atoms', typeAtom('(-> SpaceType Atom)'), (args) => {
      if (args.length < 1) fail('get-atoms expects one argument: space');
      // Fresh variables, as the reference does: stored atoms must not capture the caller's variables.
      return spaceArg(args[0], 'get-atoms expects a space as its argument').atoms().map((a) => renameVariables(a));
    }),
    operation('new-state', typeAtom('(-> $tnso (StateMonad $tnso))'), (args, ctx) => {
      if (args.length < 1) fail('new-state expects single atom as an argument');
      const types = getValidTypes(ctx.space, args[0]!);
      return [gnd(new StateValue(args[0]!, types[0] ?? S.undefinedType))];
    }),
    operation('get-state', typeAtom('(-> (StateMonad $tgso) $tgso)'), (args) =>
      [stateOf(args[0], 'get-state expects single state atom as an argument').value]),
    operation('change-state!', typeAtom('(-> (StateMonad $tcso) $tcso (StateMonad $tcso))'), (args) => {
      const message = 'change-state! expects a state atom and its new value as arguments';
      if (args.length < 2) fail(message);
      stateOf(args[0], 'change-state! expects a state as the first argument').value = args[1]!;
      return [args[0]!];
    }),
  ];
}
