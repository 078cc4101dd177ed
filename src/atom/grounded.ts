// Grounded values for the built-in data types: numbers, booleans, strings.
import { Atom, gnd, GROUNDED, type GroundedValue } from './atom.js';
import { S } from './symbols.js';

function hashNumber(x: number): number {
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 31) return x | 0;
  const s = String(x);
  let h = 7;
  for (let i = 0; i < s.length; i++) h = Math.imul(h, 31) + s.charCodeAt(i) | 0;
  return h;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/**
 * A MeTTa number: an i64 integer or an f64 float. Integers are JS numbers while
 * exact and BigInts past 2^53, so no precision is lost in the i64 range.
 */
export class NumberValue implements GroundedValue {
  readonly isFloat: boolean;
  readonly n: number | bigint;
  constructor(isFloat: boolean, n: number | bigint) {
    this.isFloat = isFloat;
    this.n = n;
  }
  typeAtom(): Atom {
    return S.numberType;
  }
  /** The value as a JS number (may round for huge integers). */
  toNumber(): number {
    return typeof this.n === 'bigint' ? Number(this.n) : this.n;
  }
  equals(o: GroundedValue): boolean {
    if (!(o instanceof NumberValue)) return false;
    if (!this.isFloat && !o.isFloat) {
      // Two JS numbers compare directly: converting both to BigInt allocated on every mismatch.
      if (typeof this.n === 'number' && typeof o.n === 'number') return this.n === o.n;
      return BigInt(this.n) === BigInt(o.n);
    }
    return this.toNumber() === o.toNumber();
  }
  display(): string {
    return this.isFloat ? formatFloat(this.n as number) : String(this.n);
  }
  hashCode(): number {
    return hashNumber(this.toNumber());
  }
}

// V8 keeps a field that has only held numbers as a boxed double in every object (16 more
// bytes per number atom, a million in a big space). Storing a BigInt once, here, makes
// the field a tagged one from the start, where small integers are stored inline.
new NumberValue(false, 0n);

/** Normalises an integer result to i64 with wrap-around, as hyperon's release build does. */
export function makeInt(n: number | bigint): Atom {
  if (typeof n === 'number') {
    if (Number.isSafeInteger(n)) return gnd(new NumberValue(false, n));
    n = BigInt(n);
  }
  if (n < I64_MIN || n > I64_MAX) n = BigInt.asIntN(64, n);
  if (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER)) return gnd(new NumberValue(false, Number(n)));
  return gnd(new NumberValue(false, n));
}

export function makeFloat(x: number): Atom {
  return gnd(new NumberValue(true, x));
}

export function isInI64(n: bigint): boolean {
  return n >= I64_MIN && n <= I64_MAX;
}

/** Formats a float the way Rust's `{:?}` does: `3.0`, `0.1`, `1e16`, `1.5e-5`, `NaN`, `inf`. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  const [mant, expStr] = abs.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const e = Number(expStr);
  if (abs >= 1e-4 && abs < 1e16) {
    if (e >= 0) {
      const intPart = digits.length > e + 1 ? digits.slice(0, e + 1) : digits.padEnd(e + 1, '0');
      const frac = digits.length > e + 1 ? digits.slice(e + 1) : '0';
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${e}`;
}

export class BoolValue implements GroundedValue {
  readonly b: boolean;
  constructor(b: boolean) {
    this.b = b;
  }
  typeAtom(): Atom {
    return S.boolType;
  }
  equals(o: GroundedValue): boolean {
    return o instanceof BoolValue && o.b === this.b;
  }
  display(): string {
    return this.b ? 'True' : 'False';
  }
  hashCode(): number {
    return this.b ? 0x5a5a : 0xa5a5;
  }
}

export const TRUE = gnd(new BoolValue(true));
export const FALSE = gnd(new BoolValue(false));
export const makeBool = (b: boolean): Atom => (b ? TRUE : FALSE);

export class StringValue implements GroundedValue {
  readonly s: string;
  constructor(s: string) {
    this.s = s;
  }
  typeAtom(): Atom {
    return S.stringType;
  }
  equals(o: GroundedValue): boolean {
    return o instanceof StringValue && o.s === this.s;
  }
  display(): string {
    return quoteString(this.s);
  }
  hashCode(): number {
    let h = 0x1234567;
    for (let i = 0; i < this.s.length; i++) h = Math.imul(h ^ this.s.charCodeAt(i), 0x01000193);
    return h | 0;
  }
}

export const makeString = (s: string): Atom => gnd(new StringValue(s));

/** Quotes a string the way Rust's `{:?}` does for `str`. */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 0) out += '\\0';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/** A character (one Unicode code point), as hyperon's Python stdlib's Char: type `Char`, written `'a'`. */
export class CharValue implements GroundedValue {
  readonly c: string;
  constructor(c: string) {
    this.c = c;
  }
  typeAtom(): Atom {
    return S.charType;
  }
  equals(o: GroundedValue): boolean {
    return o instanceof CharValue && o.c === this.c;
  }
  display(): string {
    return `'${this.c}'`;
  }
  hashCode(): number {
    return Math.imul(this.c.codePointAt(0)!, 0x9e3779b1) | 0;
  }
}

export const makeChar = (c: string): Atom => gnd(new CharValue(c));

export function charOf(a: Atom): string | null {
  return a.kind === GROUNDED && a.value instanceof CharValue ? a.value.c : null;
}

export function numberOf(a: Atom): NumberValue | null {
  return a.kind === GROUNDED && a.value instanceof NumberValue ? a.value : null;
}
export function boolOf(a: Atom): boolean | null {
  return a.kind === GROUNDED && a.value instanceof BoolValue ? a.value.b : null;
}
export function stringOf(a: Atom): string | null {
  return a.kind === GROUNDED && a.value instanceof StringValue ? a.value.s : null;
}
