// The atom model. Every atom is one runtime class with the same fields, always
// assigned, so property reads stay monomorphic in V8 (see STYLE.md). Grounded
// sub-kinds (numbers, strings, spaces, operations …) vary inside `value`.

export const SYMBOL = 0;
export const VARIABLE = 1;
export const EXPRESSION = 2;
export const GROUNDED = 3;
export type AtomKind = typeof SYMBOL | typeof VARIABLE | typeof EXPRESSION | typeof GROUNDED;

/** What a grounded atom carries: its value, its MeTTa type, and how it compares and prints. */
export interface GroundedValue {
  /** The MeTTa type of the atom, e.g. `Number` or `(-> Number Number Number)`. */
  typeAtom(): Atom;
  /** Value equality with another grounded value. */
  equals(other: GroundedValue): boolean;
  /** Text as hyperon displays it. */
  display(): string;
  /** A hash consistent with `equals`. */
  hashCode(): number;
}

const NO_ITEMS: readonly Atom[] = Object.freeze([]);

export class Atom {
  readonly kind: AtomKind;
  /** Symbol or variable name (without `$`); '' for expressions and grounded atoms. */
  readonly name: string;
  /** Variable identity: 0 for a variable as written, a fresh number for renamed copies. */
  readonly id: number;
  readonly items: readonly Atom[];
  readonly value: GroundedValue | null;
  /** Structural hash, computed once at construction. */
  readonly hash: number;
  /** True when the atom contains no variables (so substitution can skip it). */
  readonly ground: boolean;

  constructor(kind: AtomKind, name: string, id: number, items: readonly Atom[], value: GroundedValue | null, hash: number, ground: boolean) {
    this.kind = kind;
    this.name = name;
    this.id = id;
    this.items = items;
    this.value = value;
    this.hash = hash;
    this.ground = ground;
  }

  toString(): string {
    return atomToString(this);
  }
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

const symbolTable = new Map<string, Atom>();

/** Interned symbol: two symbols with the same name are the same object. */
export function sym(name: string): Atom {
  let a = symbolTable.get(name);
  if (a === undefined) {
    a = new Atom(SYMBOL, name, 0, NO_ITEMS, null, stringHash(name), true);
    symbolTable.set(name, a);
  }
  return a;
}

export function variable(name: string, id = 0): Atom {
  // Variables hash by name only, so alpha-renamed copies share a hash bucket.
  return new Atom(VARIABLE, name, id, NO_ITEMS, null, stringHash(name) ^ 0x5bd1e995, false);
}

let freshCounter = 0;
/** A variable with the same name and a never-used id, printed `$name#id`. */
export function freshVariable(name: string): Atom {
  return variable(name, ++freshCounter);
}

/** An expression's structural hash starts from its length... */
export function exprHashSeed(n: number): number {
  return 0x3c6ef372 ^ n;
}

/** ...and takes in item i's hash x (whoever hashes an instance before building it must agree with expr). */
export function exprHashStep(h: number, x: number, i: number): number {
  return Math.imul(h ^ x, 0x01000193) + i | 0;
}

export function expr(items: readonly Atom[]): Atom {
  let h = exprHashSeed(items.length);
  let ground = true;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    h = exprHashStep(h, it.hash, i);
    if (!it.ground) ground = false;
  }
  return new Atom(EXPRESSION, '', 0, items.length === 0 ? NO_ITEMS : items, null, h, ground);
}

export function gnd(value: GroundedValue): Atom {
  return new Atom(GROUNDED, '', 0, NO_ITEMS, value, value.hashCode(), true);
}

export const isSymbol = (a: Atom): boolean => a.kind === SYMBOL;
export const isVariable = (a: Atom): boolean => a.kind === VARIABLE;
export const isExpression = (a: Atom): boolean => a.kind === EXPRESSION;
export const isGrounded = (a: Atom): boolean => a.kind === GROUNDED;

/** Structural equality: symbols by name, variables by name and id, grounded atoms by value. */
export function atomEq(a: Atom, b: Atom): boolean {
  return eqRec(a, b, 0);
}

function eqRec(a: Atom, b: Atom, depth: number): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.hash !== b.hash) return false;
  switch (a.kind) {
    case SYMBOL:
      return a.name === b.name;
    case VARIABLE:
      return a.name === b.name && a.id === b.id;
    case EXPRESSION: {
      const xs = a.items, ys = b.items;
      if (xs.length !== ys.length) return false;
      if (depth > 2000) return eqIterative(a, b);
      for (let i = 0; i < xs.length; i++) if (!eqRec(xs[i]!, ys[i]!, depth + 1)) return false;
      return true;
    }
    default:
      return a.value!.equals(b.value!);
  }
}

// Deep expressions are compared with an explicit stack instead of JS recursion.
function eqIterative(a: Atom, b: Atom): boolean {
  const stack: Atom[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y) continue;
    if (x.kind !== y.kind || x.hash !== y.hash) return false;
    if (x.kind === EXPRESSION) {
      if (x.items.length !== y.items.length) return false;
      for (let i = 0; i < x.items.length; i++) stack.push(x.items[i]!, y.items[i]!);
    } else if (!eqRec(x, y, 0)) return false;
  }
  return true;
}

/** Name of a variable as printed: `x` or `x#12`. */
export function variableLabel(v: Atom): string {
  return v.id === 0 ? v.name : `${v.name}#${v.id}`;
}

/** Printer hook: the syntax layer installs the real printer (kept out of this file to keep imports downward). */
let printer: (a: Atom) => string = (a) => {
  switch (a.kind) {
    case SYMBOL: return a.name;
    case VARIABLE: return '$' + variableLabel(a);
    case EXPRESSION: return '(' + a.items.map((x) => printer(x)).join(' ') + ')';
    default: return a.value!.display();
  }
};
export function atomToString(a: Atom): string {
  return printer(a);
}
export function setAtomPrinter(p: (a: Atom) => string): void {
  printer = p;
}

export const EMPTY_EXPR = expr([]);
