// Type atoms for operation signatures, written in MeTTa syntax.
import type { Atom } from '../atom/atom.js';
import { parseAtom } from '../syntax/parser.js';

const cache = new Map<string, Atom>();

export function typeAtom(text: string): Atom {
  let t = cache.get(text);
  if (t === undefined) {
    t = parseAtom(text);
    cache.set(text, t);
  }
  return t;
}
