// The indexed columns of a database store's row: `h` keys the head symbol and
// arity, `k1`…`k3` the first three arguments as the heap store keys them
// (indexes.ts `itemKey`: symbol, grounded value, expression head), `g1`…`g3`
// the same arguments whole when they are ground (their structural hash, so a
// bound compound argument like `(g b)` finds its atoms, not every `(g …)`),
// and `open` (column `vars`) whether the atom has variables. Keys are hashes, so different
// atoms may share them (a query then returns a superset, filtered by
// unification); equal atoms always get equal keys, and an atom that could
// unify with a pattern always has one of the keys the pattern asks for.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED } from '../atom/atom.js';

/** How many argument positions get a key column. */
export const KEYED_ARGS = 3;
/** The key of an argument that could match anything (a variable, a variable-headed expression). */
export const WILD_KEY = 0;

/** `h` of atoms that are no `(symbol …)` expression; an expression's adds its arity. */
const H_VARIABLE = 1;
const H_ATOM = 2;
const H_EXPR_BASE = 16;

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A head symbol and arity as one safe integer (53 bits), never one of the small wild codes. */
function headCode(name: string, arity: number): number {
  return (stringHash(name) + 1) * 2 ** 20 + (arity & 0xfffff);
}

function nonZero(h: number): number {
  return h === WILD_KEY ? 1 : h;
}

/**
 * What an argument is keyed on, or null when it could match anything: a
 * symbol's name, a grounded value's hash, an expression's head. This text is
 * in every database file's key columns, so it never changes.
 */
function argText(a: Atom): string | number | null {
  switch (a.kind) {
    case SYMBOL:
      return a.name;
    case VARIABLE:
      return null;
    case EXPRESSION: {
      if (a.items.length === 0) return '\u0001()';
      const h = a.items[0]!;
      if (h.kind === SYMBOL) return '\u0001' + h.name;
      if (h.kind === GROUNDED) return '\u0002' + h.hash;
      return null;
    }
    default:
      return a.hash;
  }
}

/**
 * The key of a stored argument: what the heap store's index keys it on (a
 * symbol, a grounded value, an expression's head), hashed. Callers rely on
 * that granularity: `(= (f) $X)` must find every `(= (f …) …)` rule.
 */
function storedArgKey(a: Atom): number {
  const k = argText(a);
  return k === null ? WILD_KEY : nonZero(stringHash(typeof k === 'number' ? '#' + k : k));
}

/** The keys a stored argument that could unify with pattern argument `a` has, or null for any. */
function patternArgKeys(a: Atom): number[] | null {
  const k = storedArgKey(a);
  return k === WILD_KEY ? null : [k, WILD_KEY];
}

/**
 * The key of a ground argument whole: its structural hash (atom.ts, the same
 * in every process), or WILD_KEY for an argument with variables (it may
 * unify with many ground atoms).
 */
export function groundKey(a: Atom): number {
  return a.ground ? nonZero(a.hash >>> 0) : WILD_KEY;
}

export interface RowKeys {
  readonly h: number;
  readonly k: readonly number[];
  /** Per keyed position, the ground key of the argument there (groundKey). */
  readonly g: readonly number[];
  /** Whether the atom has variables (1) or is ground (0). */
  readonly open: number;
}

export function rowKeys(a: Atom): RowKeys {
  const open = a.ground ? 0 : 1;
  if (a.kind === VARIABLE) return { h: H_VARIABLE, k: NO_KEYS, g: NO_KEYS, open };
  if (a.kind !== EXPRESSION) return { h: H_ATOM, k: NO_KEYS, g: NO_KEYS, open };
  const items = a.items;
  const head = items[0];
  const k: number[] = [];
  const g: number[] = [];
  for (let i = 1; i <= KEYED_ARGS; i++) {
    k.push(i < items.length ? storedArgKey(items[i]!) : WILD_KEY);
    g.push(i < items.length ? groundKey(items[i]!) : WILD_KEY);
  }
  if (head === undefined || head.kind !== SYMBOL) return { h: H_EXPR_BASE + items.length, k, g, open };
  return { h: headCode(head.name, items.length), k, g, open };
}
const NO_KEYS: number[] = [WILD_KEY, WILD_KEY, WILD_KEY];

/** What a store must fetch for a pattern: rows of head code `h` with the given argument keys, plus the `wild` head codes. */
export interface PatternPlan {
  readonly h: number;
  /** Per keyed position, the keys a candidate may have there, or null for any. */
  readonly k: ReadonlyArray<readonly number[] | null>;
  /** Per keyed position, the ground key a candidate may have there besides WILD_KEY (for a compound ground argument), or null for any. */
  readonly g: ReadonlyArray<number | null>;
  /** Head codes of stored atoms that could match whatever their arguments: variables, non-symbol-headed expressions of this arity. */
  readonly wild: readonly number[];
}

/** The plan for a `(symbol …)` pattern; null for any other (every stored atom is a candidate then). */
export function patternPlan(p: Atom): PatternPlan | null {
  if (p.kind !== EXPRESSION || p.items.length === 0 || p.items[0]!.kind !== SYMBOL) return null;
  const items = p.items;
  const k: Array<readonly number[] | null> = [];
  const g: Array<number | null> = [];
  for (let i = 1; i <= KEYED_ARGS; i++) {
    const a = i < items.length ? items[i]! : null;
    k.push(a === null ? null : patternArgKeys(a));
    // A symbol or number's key is already the whole argument; a compound one's key is only its head.
    // A one-item `(f)` keeps head granularity: the VM probes every rule of `f` with `(= (f) $X)` (vm/space-info.ts).
    g.push(a !== null && a.kind === EXPRESSION && a.items.length > 1 && a.ground ? groundKey(a) : null);
  }
  return { h: headCode(items[0]!.name, items.length), k, g, wild: [H_VARIABLE, H_EXPR_BASE + items.length] };
}
