// The assert family as the compiler lowers it (see the prelude's definitions):
// each name's arity, the grounded helper its definition ends with, and
// whether it collapses its expected side.

export interface AssertShape {
  readonly arity: number;
  /** The grounded helper the library definition ends with. */
  readonly helper: string;
  /** `assertEqual` collapses its expected side too; `assertEqualToResult` takes it as written. */
  readonly evaluatesExpected: boolean;
}

/** The assert family (see the prelude): each name's shape. */
export const ASSERTS = new Map<string, AssertShape>([
  ['assertEqual', { arity: 2, helper: '_assert-results-are-equal', evaluatesExpected: true }],
  ['assertEqualMsg', { arity: 3, helper: '_assert-results-are-equal-msg', evaluatesExpected: true }],
  ['assertAlphaEqual', { arity: 2, helper: '_assert-results-are-alpha-equal', evaluatesExpected: true }],
  ['assertAlphaEqualMsg', { arity: 3, helper: '_assert-results-are-alpha-equal-msg', evaluatesExpected: true }],
  ['assertEqualToResult', { arity: 2, helper: '_assert-results-are-equal', evaluatesExpected: false }],
  ['assertEqualToResultMsg', { arity: 3, helper: '_assert-results-are-equal-msg', evaluatesExpected: false }],
  ['assertAlphaEqualToResult', { arity: 2, helper: '_assert-results-are-alpha-equal', evaluatesExpected: false }],
  ['assertAlphaEqualToResultMsg', { arity: 3, helper: '_assert-results-are-alpha-equal-msg', evaluatesExpected: false }],
]);
