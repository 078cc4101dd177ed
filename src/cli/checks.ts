// What counts as a check in a MeTTa test file, and when it passes. Shared by
// `metta test` and the conformance runner so both count the same way.
import { type Atom, EXPRESSION, SYMBOL } from '../atom/atom.js';

/** An `assert…` form (`assertEqual`, `assertEqualToResult`, `assertAlphaEqual`, …): one check. */
export function isCheck(form: Atom): boolean {
  if (form.kind !== EXPRESSION) return false;
  const head = form.items[0];
  return head !== undefined && head.kind === SYMBOL && head.name.startsWith('assert');
}

/**
 * A check passes iff it returns exactly one result, `()`. Several `()` would mean
 * the assert ran more than once (a nondeterministic argument leaked), which
 * hyperon's test scripts never intend.
 */
export function checkPassed(results: readonly Atom[]): boolean {
  const only = results[0];
  return results.length === 1 && only !== undefined && only.kind === EXPRESSION && only.items.length === 0;
}
