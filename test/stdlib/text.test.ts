// Output and strings.
import { cases, argCount, badArg, rtErr } from './helpers.js';

const NOT_EXPR = 'Atom is not an ExpressionAtom';
const CHARS = 'charsToString expects an expression of Chars as an argument';
const FORMAT_ARGS = 'format-args expects format string as a first argument and expression as a second argument';

cases('text', [
  { name: 'println!', src: '!(println! "hi") !(println! (a "b" 1.5)) !(println! (+ 1 2)) !(println!)',
    results: ['[()]', '[()]', '[()]', `[${argCount('(println!)')}]`], out: ['hi', '(a "b" 1.5)', '3'] },
  { name: 'trace!', src: '!(trace! "msg" (+ 1 2)) !(trace! (a "b") ok) !(trace! a)',
    results: ['[3]', '[ok]', `[${argCount('(trace! a)')}]`], err: ['"msg"', '(a "b")'], out: [] },
  { name: 'print-alternatives!', src: '!(print-alternatives! "results" (a "b")) !(print-alternatives! x 5) !(print-alternatives! x y) !(print-alternatives! x)',
    results: ['[()]', `[${badArg('(print-alternatives! x 5)', 2, 'Expression', 'Number')}]`, `[${rtErr('(print-alternatives! x y)', NOT_EXPR)}]`,
      `[${argCount('(print-alternatives! x)')}]`], out: ['2 results:', '    a', '    b'] },
  { name: 'format-args', src: '!(format-args "{} is {}%" (head 50)) !(format-args "{}{{}}{}|{}" ("a" (b "c"))) !(format-args "{}" x) !(format-args x (a)) !(format-args 5 (a)) !(format-args "{}")',
    results: ['["head is 50%"]', '["a{}(b \\"c\\")|"]', `[${rtErr('(format-args "{}" x)', NOT_EXPR)}]`, `[${rtErr('(format-args x (a))', FORMAT_ARGS)}]`,
      `[${badArg('(format-args 5 (a))', 1, 'String', 'Number')}]`, `[${argCount('(format-args "{}")')}]`] },
  { name: 'repr', src: '!(repr (a "b" 1.0)) !(repr (+ 1 2)) !(repr)',
    results: ['["(a \\"b\\" 1.0)"]', '["(+ 1 2)"]', `[${argCount('(repr)')}]`] },
  { name: 'parse', src: '!(parse "(+ 1 2)") !(let $e (parse "(+ 1 2)") (eval $e)) !(parse "(a") !(parse 5) !(parse)',
    results: ['[(+ 1 2)]', '[3]', '[(parse "(a")]', `[${badArg('(parse 5)', 1, 'String', 'Number')}]`, `[${argCount('(parse)')}]`] },
  { name: 'Char literals', src: "!(get-type 'A') !('A') !(== 'a' 'a') !(== 'a' 'b') !(repr 'x') !(get-type 'ab')",
    results: ['[Char]', "[('A')]", '[True]', '[False]', '["\'x\'"]', '[%Undefined%]'] },
  { name: 'stringToChars', src: '!(stringToChars "ABC") !(stringToChars "") !(stringToChars "h\u{e9}😀") !(stringToChars 5) !(stringToChars)',
    results: ["[('A' 'B' 'C')]", '[()]', "[('h' 'é' '😀')]", `[${badArg('(stringToChars 5)', 1, 'String', 'Number')}]`, `[${argCount('(stringToChars)')}]`] },
  { name: 'charsToString', src: `!(charsToString ('A' 'B' 'C')) !(charsToString ()) !(charsToString ('a' "bc")) !(let $c (stringToChars "h\u{e9}😀") (charsToString $c)) !(charsToString (a b)) !(charsToString 'a')`,
    results: ['["ABC"]', '[""]', '["abc"]', '["hé😀"]', `[${rtErr('(charsToString (a b))', CHARS)}]`, `[${rtErr("(charsToString 'a')", CHARS)}]`] },
]);
