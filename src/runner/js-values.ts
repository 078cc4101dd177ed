// Conversions between atoms and plain JavaScript values for the embedding API.
// A JS value either converts exactly or is refused: never a different number.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, expr, sym, gnd, variableLabel, type GroundedValue } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { numberOf, stringOf, boolOf, makeInt, makeFloat, makeString, makeBool, isInI64 } from '../atom/grounded.js';

/** A JS value an atom converts to: numbers, strings, booleans, nested arrays for expressions. */
export type JsValue = number | bigint | string | boolean | null | JsValue[];

/**
 * The plain JS value of an atom: numbers, strings and booleans as themselves
 * (integers past 2^53 as exact bigints), expressions as arrays, symbols as their
 * name, variables as `$name`, other grounded atoms as their printed form.
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

/** A JS value with no exact atom: the message names the value and says why. */
export class JsConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsConversionError';
  }
}

/**
 * The atom for a JS value, exactly, or JsConversionError:
 * - atoms pass through; an object implementing GroundedValue becomes a grounded atom;
 * - `undefined` and `null` become the unit `()`; booleans Bool; strings String;
 * - a bigint becomes an integer when it fits MeTTa's 64-bit integers, else it is refused;
 * - a number that is a safe integer (|n| ≤ 2^53 - 1) becomes an integer (`-0` is the integer 0);
 *   any other number is a Float holding the JS number as it is (a JS number past 2^53 is a
 *   float already: return a bigint for an exact integer), NaN and ±Infinity included;
 * - an array becomes an expression of its converted items; an array that contains itself is refused;
 * - a JS symbol with a description becomes the MeTTa symbol of that name;
 * - functions, symbols without a description and other objects are refused.
 */
export function fromJSExact(v: unknown): Atom {
  return convert(v, new Set());
}

/**
 * The atom for a JS value returned to MeTTa, as fromJSExact gives it; a value
 * it refuses becomes `(Error "<the value>" "<why>")` instead of an exception.
 */
export function fromJS(v: unknown): Atom {
  try {
    return fromJSExact(v);
  } catch (e) {
    if (!(e instanceof JsConversionError)) throw e;
    return expr([S.error, makeString(describe(v)), makeString(e.message)]);
  }
}

function convert(v: unknown, open: Set<unknown>): Atom {
  if (v instanceof Atom) return v;
  switch (typeof v) {
    case 'undefined':
      return UNIT;
    case 'boolean':
      return makeBool(v);
    case 'string':
      return makeString(v);
    case 'number':
      return Number.isSafeInteger(v) ? makeInt(v === 0 ? 0 : v) : makeFloat(v);
    case 'bigint':
      if (!isInI64(v)) throw new JsConversionError(`the integer ${v} is beyond the 64-bit range of MeTTa integers`);
      return makeInt(v);
    case 'symbol':
      if (v.description === undefined || v.description === '') throw new JsConversionError('a JS symbol without a description has no MeTTa name');
      return sym(v.description);
    case 'function':
      throw new JsConversionError(`the JS function ${describe(v)} is not a MeTTa value (register it as an operation)`);
    default:
      break;
  }
  if (v === null) return UNIT;
  if (Array.isArray(v)) {
    if (open.has(v)) throw new JsConversionError('an array that contains itself has no finite MeTTa expression');
    open.add(v);
    const items = v.map((x) => convert(x, open));
    open.delete(v);
    return expr(items);
  }
  if (isGroundedValue(v)) return gnd(v);
  throw new JsConversionError(`the JS object ${describe(v)} is not a MeTTa value (return an atom, or a GroundedValue)`);
}

function isGroundedValue(v: unknown): v is GroundedValue {
  const g = v as Partial<Record<keyof GroundedValue, unknown>>;
  return typeof g.typeAtom === 'function' && typeof g.equals === 'function' && typeof g.display === 'function' && typeof g.hashCode === 'function';
}

/** A short description of a JS value for a refusal message. */
function describe(v: unknown): string {
  switch (typeof v) {
    case 'bigint':
      return `${v}n`;
    case 'function':
      return v.name === '' ? '(anonymous)' : v.name;
    case 'symbol':
      return v.toString();
    case 'object':
      if (Array.isArray(v)) return `array of ${v.length}`;
      return v === null ? 'null' : Object.prototype.toString.call(v);
    default:
      return String(v);
  }
}
