// Spaces, states and tokens (reference: runner/stdlib/space.rs, core.rs).
import { Atom, GROUNDED, SYMBOL, expr, gnd, atomEq, type GroundedValue } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { GroundingSpace, spaceAtom, spaceOf } from '../space/space.js';
import { getValidTypes } from '../space/types.js';
import { renameVariables } from '../match/bindings.js';
import { ExecError, operation } from './operation.js';
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
  // Like hyperon's StateAtom, two states are equal when they hold equal values.
  equals(o: GroundedValue): boolean {
    return o === this || (o instanceof StateValue && atomEq(o.value, this.value));
  }
  display(): string {
    return `(State ${this.value.toString()})`;
  }
  hashCode(): number {
    return 0x57a7e;
  }
}

function stateOf(a: Atom | undefined): StateValue {
  if (a === undefined || a.kind !== GROUNDED || !(a.value instanceof StateValue)) throw new ExecError('a state is expected');
  return a.value;
}

function spaceArg(name: string, a: Atom | undefined): GroundingSpace {
  const s = a === undefined ? null : spaceOf(a);
  if (s === null) throw new ExecError(`${name} expects a space as the first argument`);
  return s;
}

export function spaceOps(): Atom[] {
  return [
    operation('new-space', typeAtom('(-> SpaceType)'), () => [spaceAtom(new GroundingSpace())]),
    operation('add-atom', typeAtom('(-> SpaceType Atom (->))'), (args) => {
      if (args.length !== 2) throw new ExecError('add-atom expects two arguments: space and atom');
      spaceArg('add-atom', args[0]).add(args[1]!);
      return [UNIT];
    }),
    operation('remove-atom', typeAtom('(-> SpaceType Atom (->))'), (args) => {
      if (args.length !== 2) throw new ExecError('remove-atom expects two arguments: space and atom');
      spaceArg('remove-atom', args[0]).remove(args[1]!);
      return [UNIT];
    }),
    operation('get-atoms', typeAtom('(-> SpaceType Atom)'), (args) => {
      if (args.length !== 1) throw new ExecError('get-atoms expects one argument: space');
      // Fresh variables, as the reference does: stored atoms must not capture the caller's variables.
      return spaceArg('get-atoms', args[0]).atoms().map((a) => renameVariables(a));
    }),
    operation('new-state', typeAtom('(-> $tnso (StateMonad $tnso))'), (args, ctx) => {
      if (args.length !== 1) throw new ExecError('new-state expects single atom as an argument');
      const types = getValidTypes(ctx.space, args[0]!);
      return [gnd(new StateValue(args[0]!, types[0] ?? S.undefinedType))];
    }),
    operation('get-state', typeAtom('(-> (StateMonad $tgso) $tgso)'), (args) => {
      if (args.length !== 1) throw new ExecError('get-state expects single state as an argument');
      return [stateOf(args[0]).value];
    }),
    operation('change-state!', typeAtom('(-> (StateMonad $tcso) $tcso (StateMonad $tcso))'), (args) => {
      if (args.length !== 2) throw new ExecError('change-state! expects a state and a value');
      stateOf(args[0]).value = args[1]!;
      return [args[0]!];
    }),
    operation('bind!', typeAtom('(-> Symbol %Undefined% (->))'), (args, ctx) => {
      if (args.length !== 2 || args[0]!.kind !== SYMBOL) throw new ExecError('bind! expects a symbol and an atom');
      ctx.host.bindToken(args[0]!.name, args[1]!);
      return [UNIT];
    }),
  ];
}
