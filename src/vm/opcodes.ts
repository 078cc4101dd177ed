// The VM's instruction set: one numeric table, and one info table that the
// disassembler, the stack-effect verifier and the docs read. Operands follow
// the opcode in the Int32Array; their kinds are listed in `operands`.

export const OP = {
  CONST: 0,
  SLOT: 1,
  EVAL_SLOT: 2,
  EVAL_TOP: 3,
  BUILD: 4,
  POP: 5,
  SQUASH: 6,
  JUMP: 7,
  FAIL: 8,
  BAR_PUSH: 9,
  BAR_END: 10,
  CHECK_ARG: 11,
  CALL: 12,
  TAILCALL: 13,
  CONS: 14,
  RET: 15,
  ARITH: 16,
  CMP: 17,
  EQ: 18,
  LOGIC: 19,
  NOT: 20,
  TYCHK: 21,
  RETCHK: 22,
  FALLBACK: 23,
  IF_TEST: 24,
  JUMP_FALSE: 25,
  ALTS: 26,
  SPLIT: 27,
  GATHER_PUSH: 28,
  GATHER_END: 29,
  CASE_VALUES: 30,
  MATCH: 31,
  MATCH_SPACE: 32,
  YIELD_ALL: 33,
  LIST_OP: 34,
  ADD_ATOM: 35,
  TYPARAM: 36,
  GCALL: 37,
  GCHECK: 38,
  M_VALUE: 39,
  M_RETURN: 40,
  BAIL: 41,
  CONS_ATOM: 42,
} as const;

export type OpName = keyof typeof OP;
export type Opcode = (typeof OP)[OpName];

/**
 * Operand kinds: `u` a plain integer, `k` a constant index, `t` a template
 * index, `p` a pattern index, `f` a procedure id, `y` a type spec (TY_*),
 * `L` a jump target, `N` a count followed by that many jump targets.
 */
export type OperandKind = 'u' | 'k' | 't' | 'p' | 'f' | 'y' | 'L' | 'N';

export interface OpInfo {
  readonly name: OpName;
  readonly operands: readonly OperandKind[];
  /** Values popped on the fall-through path; may depend on the operands (e.g. argument counts). */
  readonly pop: number | ((ops: readonly number[]) => number);
  readonly push: number;
  /** Net stack change on every jump edge (relative to before the instruction), when it has label operands. */
  readonly jumpDelta: number;
  /** True when control never falls through to the next instruction. */
  readonly ends: boolean;
  readonly meaning: string;
}

/** Type specs: the type a `metta` evaluation is asked for. INHERIT reads the current frame's. */
export const TY_UNDEF = 0;
export const TY_NUMBER = 1;
export const TY_BOOL = 2;
export const TY_INHERIT = 3;
/** A CALL type operand below this reads the spec TYPARAM left in slot `TY_FROM_SLOT - ty`. */
export const TY_FROM_SLOT = -2;

/** What a result position does with a bare `NotReducible`: bail to the tree-walker, or drop it (case). */
export const NR_PLAIN = 0;
export const NR_BAIL = 1;
export const NR_EMPTY = 2;
/** EVAL_TOP of a tuple whose items are evaluated (an expression head): only the call of the whole is left. */
export const NR_CALL = 3;

const info = (
  name: OpName, operands: readonly OperandKind[], pop: OpInfo['pop'], push: number, meaning: string,
  jumpDelta = 0, ends = false,
): OpInfo => ({ name, operands, pop, push, jumpDelta, ends, meaning });

/** Every opcode's description; `satisfies` makes a missing or extra entry a compile error. */
export const OP_INFO = {
  [OP.CONST]: info('CONST', ['k'], 0, 1, 'push K[k]'),
  [OP.SLOT]: info('SLOT', ['u'], 0, 1, 'push slot s as data (bail when unbound)'),
  [OP.EVAL_SLOT]: info('EVAL_SLOT', ['u', 'y', 'u'], 0, 1, 'push metta(slot s, ty); nr says how a bare NotReducible result is treated'),
  [OP.EVAL_TOP]: info('EVAL_TOP', ['y', 'u'], 1, 1, 'replace top by metta(top, ty) (casts symbols and grounded atoms)'),
  [OP.BUILD]: info('BUILD', ['t'], 0, 1, 'push template t with bound slots substituted (bail when one is unbound)'),
  [OP.POP]: info('POP', [], 1, 0, 'drop the top value'),
  [OP.SQUASH]: info('SQUASH', ['u'], (o) => o[0]! + 1, 1, 'keep the top value, drop the n values below it'),
  [OP.JUMP]: info('JUMP', ['L'], 0, 0, 'pc := L', 0, true),
  [OP.FAIL]: info('FAIL', [], 0, 0, 'backtrack to the newest choice point', 0, true),
  [OP.BAR_PUSH]: info('BAR_PUSH', ['L'], 0, 0, 'open a result filter: errors wait until the region is exhausted, then resume at L', 1),
  [OP.BAR_END]: info('BAR_END', [], 1, 1, 'a result of the filtered region: Empty fails, errors wait, others pass'),
  [OP.CHECK_ARG]: info('CHECK_ARG', ['L', 'u'], 1, 1, 'argument check: Empty fails, an Error jumps to L (unless it is slot s-1 as written)', 0),
  [OP.CALL]: info('CALL', ['f', 'u', 'y'], (o) => o[1]!, 1, 'call procedure f on the n top values; its results come back here'),
  [OP.TAILCALL]: info('TAILCALL', ['f', 'u', 'y'], (o) => o[1]!, 0, 'tail call: results go to the current caller', 0, true),
  [OP.CONS]: info('CONS', ['u'], (o) => o[0]!, 1, 'pop n values, push them as one expression'),
  [OP.RET]: info('RET', [], 1, 0, 'deliver the top value to the caller (or to the top-level collector)', 0, true),
  [OP.ARITH]: info('ARITH', ['u', 'k'], 2, 1, 'a := a op b on numbers (op 0..4 = + - * / %); non-numbers leave the call K[k] a b'),
  [OP.CMP]: info('CMP', ['u', 'k'], 2, 1, 'a := a op b (op 0..3 = < > <= >=)'),
  [OP.EQ]: info('EQ', ['k'], 2, 1, 'a := (== a b)'),
  [OP.LOGIC]: info('LOGIC', ['u', 'k'], 2, 1, 'a := a op b on Bools (op 0 = and, 1 = or)'),
  [OP.NOT]: info('NOT', ['k'], 1, 1, 'a := (not a)'),
  [OP.TYCHK]: info('TYCHK', ['u', 'y', 'L'], 0, 0, 'jump to L unless slot s holds a value of type ty (Number or Bool)', 0),
  [OP.RETCHK]: info('RETCHK', ['y', 'L'], 0, 0, 'jump to L unless the frame type accepts a result of type ty', 0),
  [OP.FALLBACK]: info('FALLBACK', ['t', 'y', 'u'], 0, 1, 'push each result of the tree-walker on template t (alternatives; with single=1 several results bail)'),
  [OP.IF_TEST]: info('IF_TEST', ['L', 't', 't'], 1, 1, 'top is an if condition: Bools fall through; Empty fails; an Error, or (if c a b) built from it, jumps to L', 0),
  [OP.JUMP_FALSE]: info('JUMP_FALSE', ['L'], 1, 0, 'pop a Bool; jump to L when False', -1),
  [OP.ALTS]: info('ALTS', ['N'], 0, 0, 'run each target as one alternative (a choice point for the rest)', 0, true),
  [OP.SPLIT]: info('SPLIT', ['L'], 1, 1, 'top is an expression: push each item as one alternative; not an expression: jump to L', 0),
  [OP.GATHER_PUSH]: info('GATHER_PUSH', ['L'], 0, 0, 'open a collapse region; when exhausted its result list is pushed at L', 1),
  [OP.GATHER_END]: info('GATHER_END', [], 1, 1, 'add top to the region results and backtrack; when exhausted push the filtered list'),
  [OP.CASE_VALUES]: info('CASE_VALUES', [], 1, 1, 'top is a list of results: push each as one alternative, or Empty when there is none'),
  [OP.MATCH]: info('MATCH', ['p', 'L'], 0, 0, 'match top against pattern p, binding slots; jump to L on failure', 0),
  [OP.LIST_OP]: info('LIST_OP', ['u', 'k'], 1, 1, 'top is an expression: op 0 = its head, 1 = its tail; () gives the Error of call (K[k] ())'),
  [OP.ADD_ATOM]: info('ADD_ATOM', ['k'], 1, 1, 'add the top atom to space K[k] as it is (journaled); top := ()'),
  [OP.MATCH_SPACE]: info('MATCH_SPACE', ['p', 'k'], 0, 0, 'query space K[k] with pattern p; bind its variables for each answer (one alternative each)'),
  [OP.GCALL]: info('GCALL', ['k', 'u', 'y', 'u', 'u'], (o) => o[1]!, 1, 'call library operation K[k] on the n top values as the tree-walker would (type check on template t-1, or on the values when t = 0; arguments; answers); each answer is one alternative'),
  [OP.GCHECK]: info('GCHECK', ['t', 'y', 'L'], 0, 0, 'type-check the call template t as the tree-walker would before evaluating its arguments; when it fails, its errors are the alternatives at L', 1),
  [OP.YIELD_ALL]: info('YIELD_ALL', ['k'], 0, 0, 'in the top frame: each item of K[k] is a result, in order (one step per alternative as ALTS takes), then backtrack', 0, true),
  [OP.TYPARAM]: info('TYPARAM', ['t', 'y', 'u', 'u', 'L'], 0, 0, 'type-check call t (as written, slots substituted) for ty with its type variables unified; the arguments in mask m must evaluate to themselves; result spec to slot r (-1: none); jump to L when it does not hold', 0),
  [OP.M_VALUE]: info('M_VALUE', [], 1, 1, 'top is a substituted minimal-MeTTa value in a run position: an instruction (it would run) bails'),
  [OP.M_RETURN]: info('M_RETURN', ['t', 'u'], 1, 1, 'top is a result of the instruction call t: NotReducible gives t built (with open=1 it bails), Empty and Errors stay, else metta(top, %Undefined%)'),
  [OP.CONS_ATOM]: info('CONS_ATOM', ['k'], 2, 1, 'a := (a . b): b, an expression, with a put before its items (a variable b bails; K[k] is the head)'),
  [OP.BAIL]: info('BAIL', ['k'], 0, 0, 'hand the whole form to the tree-walker (K[k] says why)', 0, true),
} as const satisfies { readonly [K in Opcode]: OpInfo };

/** Number of operand words after the opcode at `pc` (N operands are variable length). */
export function instructionLength(code: Int32Array, pc: number): number {
  const ops = OP_INFO[code[pc]! as Opcode].operands;
  let n = 1;
  for (const k of ops) n += k === 'N' ? 1 + code[pc + n]! : 1;
  return n;
}
