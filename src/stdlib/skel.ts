// The built-in `skel` module (reference: runner/builtin_mods/skel.rs): the
// reference's example of a module, one operation written in MeTTa and its twin
// written natively, both swapping the two atoms of a typed pair.
import { Atom, EXPRESSION, expr } from '../atom/atom.js';
import { operation } from './operation.js';
import { fail } from './errors.js';
import { typeAtom } from './type-syntax.js';

const swapPairNative = operation('skel-swap-pair-native', typeAtom('(-> (PairType $ta $tb) (PairType $tb $ta))'), (args) => {
  const pair = args[0];
  if (pair === undefined || pair.kind !== EXPRESSION || pair.items.length < 3) fail('single pair is expected as an argument');
  return [expr([pair.items[0]!, pair.items[2]!, pair.items[1]!])];
});

export function skelModuleOps(): Atom[] {
  return [swapPairNative];
}

export const SKEL_LIBRARY = `
(: PairType (-> $ta $tb Type))
(: Pair (-> $ta $tb (PairType $ta $tb)))

(@doc skel-swap-pair
  (@desc "Swaps the two atoms of a pair (written in MeTTa)")
  (@params ((@param "A pair (Pair a b)")))
  (@return "The pair (Pair b a)"))
(: skel-swap-pair (-> (PairType $ta $tb) (PairType $tb $ta)))
(= (skel-swap-pair (Pair $a $b)) (Pair $b $a))

(@doc skel-swap-pair-native
  (@desc "Swaps the two atoms of a pair (written natively)")
  (@params ((@param "A pair (Pair a b)")))
  (@return "The pair (Pair b a)"))
`;
