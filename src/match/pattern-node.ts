// A compiled atom with variables: a tree of ground parts, frame slots and
// expressions of those. VM patterns and templates and the space's join
// conjuncts are both built of it, each numbering variables its own way.
import type { Atom } from '../atom/atom.js';

export const N_CONST = 0;
export const N_SLOT = 1;
export const N_EXPR = 2;

/** A node: a ground atom (N_CONST), a slot (N_SLOT), or an expression of nodes (N_EXPR). */
export class PNode {
  readonly kind: number;
  readonly atom: Atom;
  readonly slot: number;
  readonly items: readonly PNode[];
  constructor(kind: number, atom: Atom, slot: number, items: readonly PNode[]) {
    this.kind = kind;
    this.atom = atom;
    this.slot = slot;
    this.items = items;
  }
}
