// Grounded operations for host-function.metta, registered by a host: the
// Node program host-function.mjs and the playground's worker both use this.
import { stringOf, numberOf } from 'metta-vm';

/** Registers word-count, shout and pow2 on a MeTTa runner. */
export function registerHostOperations(metta) {
  metta.registerOperation('word-count', '(-> String Number)', (s) => stringOf(s).split(/\s+/).filter(Boolean).length);
  metta.registerOperation('shout', '(-> String String)', (s) => stringOf(s).toUpperCase() + '!');
  // A bigint result is exact; past 64 bits the runner refuses it with an Error.
  metta.registerOperation('pow2', '(-> Number Number)', (n) => 2n ** BigInt(numberOf(n).toNumber()));
}
