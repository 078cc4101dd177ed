// Structure-preserving rewrites of atoms that never overflow the JS stack:
// ordinary recursion for the usual shallow atoms (fast), and an explicit
// stack once nesting gets deep (an expression nested a million levels).
import { Atom, VARIABLE, EXPRESSION, expr } from './atom.js';

const RECURSION_LIMIT = 2000;

/**
 * Rebuilds `a` with every variable replaced by `f(variable)`. Ground subtrees
 * are shared, and an expression whose items are unchanged is returned as is.
 */
export function mapVariables(a: Atom, f: (v: Atom) => Atom): Atom {
  return mapRec(a, f, 0);
}

function mapRec(a: Atom, f: (v: Atom) => Atom, depth: number): Atom {
  if (a.ground) return a;
  if (a.kind === VARIABLE) return f(a);
  if (a.kind !== EXPRESSION) return a;
  if (depth > RECURSION_LIMIT) return mapIterative(a, f);
  const items = a.items;
  let out: Atom[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    const y = x.ground ? x : mapRec(x, f, depth + 1);
    if (y !== x && out === null) out = items.slice(0, i);
    if (out !== null) out.push(y);
  }
  return out === null ? a : expr(out);
}

interface Pending {
  readonly atom: Atom;
  index: number;
  readonly out: Atom[];
  changed: boolean;
}

function mapIterative(root: Atom, f: (v: Atom) => Atom): Atom {
  const stack: Pending[] = [{ atom: root, index: 0, out: [], changed: false }];
  let result: Atom = root;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.index === top.atom.items.length) {
      stack.pop();
      result = top.changed ? expr(top.out) : top.atom;
      const parent = stack[stack.length - 1];
      if (parent !== undefined) {
        if (result !== parent.atom.items[parent.index]) parent.changed = true;
        parent.out.push(result);
        parent.index++;
      }
      continue;
    }
    const x = top.atom.items[top.index]!;
    if (x.ground || x.kind !== EXPRESSION) {
      const y = x.ground ? x : x.kind === VARIABLE ? f(x) : x;
      if (y !== x) top.changed = true;
      top.out.push(y);
      top.index++;
    } else {
      stack.push({ atom: x, index: 0, out: [], changed: false });
    }
  }
  return result;
}

