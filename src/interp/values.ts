// Small helpers on result atoms shared by the interpreter's frames and machine.
import { Atom, EXPRESSION, VARIABLE, expr } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { varKey } from '../match/bindings.js';

export function isErrorAtom(a: Atom): boolean {
  return a.kind === EXPRESSION && a.items.length > 0 && a.items[0] === S.error;
}

/** Replaces every occurrence of variable `v` in `template` by `value`. */
export function substituteVariable(template: Atom, v: Atom, value: Atom): Atom {
  if (template.ground) return template;
  const key = varKey(v);
  const go = (a: Atom): Atom => {
    if (a.ground) return a;
    if (a.kind === VARIABLE) return varKey(a) === key ? value : a;
    let out: Atom[] | null = null;
    const items = a.items;
    for (let i = 0; i < items.length; i++) {
      const x = items[i]!;
      const y = go(x);
      if (y !== x && out === null) out = items.slice(0, i);
      if (out !== null) out.push(y);
    }
    return out === null ? a : expr(out);
  };
  return go(template);
}

export { BindingsValue, bindingsAtom, bindingsOfAtom } from '../match/bindings-atom.js';
