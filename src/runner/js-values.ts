// Conversions between atoms and plain JavaScript values for the embedding API.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, expr, sym, variableLabel } from '../atom/atom.js';
import { UNIT } from '../atom/symbols.js';
import { numberOf, stringOf, boolOf, makeInt, makeFloat, makeString, makeBool } from '../atom/grounded.js';

/** A JS value an atom converts to: numbers, strings, booleans, nested arrays for expressions. */
export type JsValue = number | bigint | string | boolean | null | JsValue[];

/**
 * The plain JS value of an atom: numbers, strings and booleans as themselves,
 * expressions as arrays, symbols as their name, variables as `$name`, other
 * grounded atoms as their printed form.
 */
export function toJS(a: Atom): JsValue {
  switch (a.kind) {
    case SYMBOL:
      return a.name;
    case VARIABLE:
      return '$' + variableLabel(a);
    case EXPRESSION:
      return a.items.map(toJS);
    default: {
      const n = numberOf(a);
      if (n !== null) return n.n;
      const s = stringOf(a);
      if (s !== null) return s;
      const b = boolOf(a);
      if (b !== null) return b;
      return a.value!.display();
    }
  }
}

/**
 * The atom for a JS value returned by a host function: integers become
 * integers, other numbers floats, strings String atoms, booleans Bool,
 * undefined/null the unit `()`, arrays expressions; atoms pass through.
 */
export function fromJS(v: unknown): Atom {
  if (v instanceof Object && 'kind' in v && 'hash' in v && 'items' in v) return v as Atom;
  if (v === undefined || v === null) return UNIT;
  if (typeof v === 'number') return Number.isInteger(v) ? makeInt(v) : makeFloat(v);
  if (typeof v === 'bigint') return makeInt(v);
  if (typeof v === 'string') return makeString(v);
  if (typeof v === 'boolean') return makeBool(v);
  if (Array.isArray(v)) return expr(v.map(fromJS));
  return sym(String(v));
}
