// Types of host-operations.mjs, for the playground's type check.
import type { MeTTa } from '../src/index.js';

/** Registers word-count, shout and pow2 on a MeTTa runner. */
export function registerHostOperations(metta: MeTTa): void;
