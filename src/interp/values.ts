// Small helpers on result atoms shared by the interpreter's frames and machine.
import { Atom, EXPRESSION } from '../atom/atom.js';
import { mapVariables } from '../atom/traverse.js';
import { S } from '../atom/symbols.js';
import { varKey } from '../match/bindings.js';

export function isErrorAtom(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0] === S.error;
}

/** Replaces every occurrence of variable `v` in `template` by `value`. */
export function substituteVariable(template: Atom, v: Atom, value: Atom): Atom {
  const key = varKey(v);
  return mapVariables(template, (x) => (varKey(x) === key ? value : x));
}

export { BindingsValue, bindingsAtom, bindingsOfAtom } from '../match/bindings-atom.js';
