// Arithmetic, comparison and logic.
import { cases, argCount, badArg } from './helpers.js';

const binary = (op: string, ok: string, result: string): { name: string; src: string; results: string[] } => ({
  name: op,
  src: `!(${op} ${ok}) !(${op} 1 "a") !(${op} 1)`,
  results: [`[${result}]`, `[${badArg(`(${op} 1 "a")`, 2, 'Number', 'String')}]`, `[${argCount(`(${op} 1)`)}]`],
});

cases('arith', [
  binary('+', '1 2', '3'),
  binary('-', '1 2.5', '-1.5'),
  binary('*', '4 2', '8'),
  binary('/', '7 2', '3'),
  binary('%', '7 3', '1'),
  binary('<', '1 2', 'True'),
  binary('>', '1 2', 'False'),
  binary('<=', '2 2', 'True'),
  binary('>=', '1 2.0', 'False'),
  { name: 'integer and float results', src: '!(+ 1 2.5) !(/ 7.0 2) !(* 2.0 3)', results: ['[3.5]', '[3.5]', '[6.0]'] },
  { name: 'division by zero', src: '!(/ 5 0) !(/ 5.0 0.0) !(% 5 0)',
    results: ['[(Error (/ 5 0) DivisionByZero)]', '[inf]', '[(Error (% 5 0) DivisionByZero)]'] },
  { name: 'an untyped argument leaves the call unreduced', src: '!(+ 1 a) !(< a 1)', results: ['[(+ 1 a)]', '[(< a 1)]'] },
  { name: 'i64 wraps', src: '!(+ 9223372036854775807 1)', results: ['[-9223372036854775808]'] },
  { name: '==', src: '!(== 1 1.0) !(== (a b) (a b)) !(== (a b) (a c)) !(== 5 "S") !(== 1)',
    results: ['[True]', '[True]', '[False]', `[${badArg('(== 5 "S")', 2, 'Number', 'String')}]`, `[${argCount('(== 1)')}]`] },
  { name: 'and', src: '!(and True False) !(and True 5) !(and True a) !(and True)',
    results: ['[False]', `[${badArg('(and True 5)', 2, 'Bool', 'Number')}]`, '[(and True a)]', `[${argCount('(and True)')}]`] },
  { name: 'or', src: '!(or False True) !(or 1 True) !(or True)',
    results: ['[True]', `[${badArg('(or 1 True)', 1, 'Bool', 'Number')}]`, `[${argCount('(or True)')}]`] },
  { name: 'xor', src: '!(xor True True) !(xor True False) !(xor True "a") !(xor)',
    results: ['[False]', '[True]', `[${badArg('(xor True "a")', 2, 'Bool', 'String')}]`, `[${argCount('(xor)')}]`] },
  { name: 'not', src: '!(not True) !(not 1) !(not True False)',
    results: ['[False]', `[${badArg('(not 1)', 1, 'Bool', 'Number')}]`, `[${argCount('(not True False)')}]`] },
]);
