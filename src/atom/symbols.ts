// Symbols with a fixed meaning in the language and the type system.
import { sym, expr } from './atom.js';

export const S = {
  equals: sym('='),
  colon: sym(':'),
  subtype: sym(':<'),
  arrow: sym('->'),
  error: sym('Error'),
  empty: sym('Empty'),
  notReducible: sym('NotReducible'),
  undefinedType: sym('%Undefined%'),
  type: sym('Type'),
  atomType: sym('Atom'),
  symbolType: sym('Symbol'),
  variableType: sym('Variable'),
  expressionType: sym('Expression'),
  groundedType: sym('Grounded'),
  numberType: sym('Number'),
  boolType: sym('Bool'),
  stringType: sym('String'),
  charType: sym('Char'),
  spaceType: sym('SpaceType'),
  errorType: sym('ErrorType'),
  stateMonad: sym('StateMonad'),
  badType: sym('BadType'),
  badArgType: sym('BadArgType'),
  incorrectNumberOfArguments: sym('IncorrectNumberOfArguments'),
  stackOverflow: sym('StackOverflow'),
  noReturn: sym('NoReturn'),
  // minimal MeTTa instructions
  eval: sym('eval'),
  evalc: sym('evalc'),
  chain: sym('chain'),
  unify: sym('unify'),
  consAtom: sym('cons-atom'),
  deconsAtom: sym('decons-atom'),
  function: sym('function'),
  return: sym('return'),
  collapseBind: sym('collapse-bind'),
  superposeBind: sym('superpose-bind'),
  metta: sym('metta'),
  contextSpace: sym('context-space'),
  callNative: sym('call-native'),
  exec: sym('!'),
  ok: sym('Ok'),
  comma: sym(','),
} as const;

/** `()`, the unit value returned by side-effecting operations. */
export const UNIT = expr([]);
/** `(->)`, the type of the unit value. */
export const UNIT_TYPE = expr([S.arrow]);
