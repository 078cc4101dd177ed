// Type specs: the type a `metta` evaluation is asked for, as one integer in
// the bytecode. The first four are fixed (TY_UNDEF, TY_NUMBER, TY_BOOL and
// TY_INHERIT, which reads the current frame's); any other ground type a
// declaration names (`Nat`, `(List Number)`, …) gets the next free number.
import { type Atom } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings } from '../match/bindings.js';
import { format } from '../syntax/printer.js';
import { matchTypes } from '../space/types.js';
import { TY_UNDEF, TY_NUMBER, TY_BOOL, TY_INHERIT } from './opcodes.js';

const atoms: Atom[] = [S.undefinedType, S.numberType, S.boolType, S.undefinedType];
const byKey = new Map<string, number>();

/** The spec of a ground type atom. */
export function typeSpec(t: Atom): number {
  if (t === S.undefinedType) return TY_UNDEF;
  if (t === S.numberType) return TY_NUMBER;
  if (t === S.boolType) return TY_BOOL;
  const key = format(t);
  let n = byKey.get(key);
  if (n === undefined) {
    n = atoms.push(t) - 1;
    byKey.set(key, n);
  }
  return n;
}

/** The type atom of a spec (never TY_INHERIT: resolve it first). */
export function typeOfSpec(ty: number): Atom {
  if (ty === TY_INHERIT) throw new Error('type spec INHERIT has no atom');
  return atoms[ty]!;
}

const compatible = new Map<number, boolean>();

/** matchTypes(expected, actual) for two specs: can a result of type `actual` be delivered where `expected` is asked for? */
export function specsMatch(expected: number, actual: number): boolean {
  if (expected === TY_UNDEF || actual === TY_UNDEF || expected === actual) return true;
  const key = expected * 65536 + actual;
  let ok = compatible.get(key);
  if (ok === undefined) {
    ok = matchTypes(typeOfSpec(expected), typeOfSpec(actual), Bindings.EMPTY) !== null;
    compatible.set(key, ok);
  }
  return ok;
}
