// Top-level forms' chunks, by the form's structure: an equal fresh copy of a
// form (the same `!` line read again, a REPL line, a host building the same
// call) finds the chunk compiled for the first. Owned by one Program, so it
// goes when the space's rules or types change; bounded, emptied when full.
import { Atom, EXPRESSION, GROUNDED } from '../atom/atom.js';
import { NumberValue, BoolValue, StringValue } from '../atom/grounded.js';
import type { Chunk } from './chunk.js';

/** Forms kept at most; past that the cache starts again empty (a program rarely has this many distinct forms). */
export const FORM_CACHE_LIMIT = 4096;

interface Entry {
  /** The form last found equal: an atom evaluated again and again is then found at once (`a === b`). */
  form: Atom;
  readonly chunk: Chunk | null;
}

export class FormCache {
  /** By structural hash, then compared item by item (the entry's last form first, by identity). */
  private byHash = new Map<number, Entry | Entry[]>();
  private size = 0;

  /** The chunk of `form` or of a form equal to it; undefined when none was compiled. */
  get(form: Atom): Chunk | null | undefined {
    const e = this.byHash.get(form.hash);
    if (e === undefined) return undefined;
    if (!Array.isArray(e)) return found(e, form);
    for (const x of e) {
      const c = found(x, form);
      if (c !== undefined) return c;
    }
    return undefined;
  }

  set(form: Atom, chunk: Chunk | null): void {
    if (this.size >= FORM_CACHE_LIMIT) {
      this.byHash = new Map();
      this.size = 0;
    }
    this.size++;
    const entry: Entry = { form, chunk };
    const e = this.byHash.get(form.hash);
    if (e === undefined) this.byHash.set(form.hash, entry);
    else if (Array.isArray(e)) e.push(entry);
    else this.byHash.set(form.hash, [e, entry]);
  }
}

function found(e: Entry, form: Atom): Chunk | null | undefined {
  if (!sameForm(e.form, form)) return undefined;
  e.form = form;
  return e.chunk;
}

/**
 * Equal as code: the same structure, symbols and variables, and grounded
 * atoms that are the same atom or equal plain data (numbers, strings,
 * Booleans). Other grounded values (spaces, states, operations) must be the
 * very same atom: a chunk holds its form's atoms as constants, and two states
 * that hold equal values today are still two states.
 */
export function sameForm(a: Atom, b: Atom): boolean {
  if (a === b) return true;
  if (sameItems(a, b)) return true;
  const stack: Atom[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    if (x === y) continue;
    if (x.kind !== y.kind || x.hash !== y.hash) return false;
    if (x.kind === EXPRESSION) {
      const xs = x.items, ys = y.items;
      if (xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) {
        const p = xs[i]!, q = ys[i]!;
        if (p !== q) stack.push(p, q);
      }
    } else if (x.kind === GROUNDED) {
      if (!plainData(x, y) || !x.value!.equals(y.value!)) return false;
    } else if (x.name !== y.name || x.id !== y.id) return false;
  }
  return true;
}

/** A fresh copy of a form's root over the same item atoms (a host building the same call): no stack needed. */
function sameItems(a: Atom, b: Atom): boolean {
  if (a.kind !== EXPRESSION || b.kind !== EXPRESSION || a.hash !== b.hash) return false;
  const xs = a.items, ys = b.items;
  if (xs.length !== ys.length) return false;
  for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i]) return false;
  return true;
}

/** Both plain data of one kind; numbers also both integers or both floats (`7` and `7.0` are equal, not the same code). */
function plainData(a: Atom, b: Atom): boolean {
  const v = a.value, w = b.value;
  if (v instanceof NumberValue) return w instanceof NumberValue && v.isFloat === w.isFloat;
  return v instanceof StringValue || v instanceof BoolValue;
}
