// Type questions about a symbol value, asked on every typed call it reaches
// (`Nil` at the end of each list passed to a `List` parameter). A symbol's
// types come from the space's declarations only, and a program's SpaceInfo
// lives as long as those stay unchanged, so the answers are remembered per
// SpaceInfo, symbol and type spec.
import { type Atom } from '../atom/atom.js';
import type { SpaceInfo } from './space-info.js';

/** One question's answers: per SpaceInfo, symbol and type spec. */
export type SymbolMemo<T> = WeakMap<SpaceInfo, Map<Atom, Map<number, T>>>;

/** `compute()` for this symbol and spec, computed once per SpaceInfo; results `keep` refuses are not remembered. */
export function symbolAnswer<T>(memo: SymbolMemo<T>, info: SpaceInfo, s: Atom, ty: number, compute: () => T, keep: (r: T) => boolean = () => true): T {
  let bySymbol = memo.get(info);
  if (bySymbol === undefined) {
    bySymbol = new Map();
    memo.set(info, bySymbol);
  }
  let bySpec = bySymbol.get(s);
  if (bySpec === undefined) {
    bySpec = new Map();
    bySymbol.set(s, bySpec);
  }
  if (bySpec.has(ty)) return bySpec.get(ty)!;
  const r = compute();
  if (keep(r)) bySpec.set(ty, r);
  return r;
}
