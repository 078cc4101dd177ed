// Output and strings (reference: runner/stdlib/string.rs, debug.rs; `repr` and
// `parse` come from hyperon's Python stdlib).
import { Atom, EXPRESSION, expr } from '../atom/atom.js';
import { UNIT } from '../atom/symbols.js';
import { stringOf, makeString, charOf, makeChar } from '../atom/grounded.js';
import { format } from '../syntax/printer.js';
import { Parser, ParseError } from '../syntax/parser.js';
import type { TokenTable } from '../syntax/tokens.js';
import { NoReduce, operation } from './operation.js';
import { fail, MSG } from './errors.js';
import { typeAtom } from './type-syntax.js';

/** Text of an atom as println! shows it: a String raw, everything else as printed. */
export function displayText(a: Atom): string {
  const s = stringOf(a);
  return s !== null ? s : format(a);
}

/**
 * Fills `{}` placeholders in order, as Rust's dyn_fmt does: `{{` and `}}` are
 * literal braces, a placeholder without an argument becomes empty, extra
 * arguments are ignored.
 */
export function formatPlaceholders(fmt: string, args: readonly string[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    const d = fmt[i + 1];
    if (c === '{' && d === '{') { out += '{'; i++; continue; }
    if (c === '}' && d === '}') { out += '}'; i++; continue; }
    if (c === '{' && d === '}') { out += next < args.length ? args[next++]! : ''; i++; continue; }
    out += c;
  }
  return out;
}

/** Orders strings by Unicode code points, as Rust's `str` ordering (UTF-8 bytes) does. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function listArg(a: Atom | undefined, missing: string): readonly Atom[] {
  if (a === undefined) fail(missing);
  if (a.kind !== EXPRESSION) fail(MSG.notExpression);
  return a.items;
}

function sortStrings(args: readonly Atom[]): Atom[] {
  const message = 'sort-strings expects expression with strings as a first argument';
  const list = args[0];
  if (list === undefined || list.kind !== EXPRESSION) fail(message);
  const strings: string[] = [];
  for (const x of list.items) {
    const s = stringOf(x);
    if (s === null) fail(message);
    strings.push(s);
  }
  strings.sort(compareCodePoints);
  return [expr(strings.map(makeString))];
}

let parseTokens: TokenTable | null = null;

/** `(parse "text")`: the first atom of the text, read with the standard library's tokens. */
function parse(args: readonly Atom[], tokens: () => TokenTable): Atom[] {
  const s = args[0] === undefined ? null : stringOf(args[0]);
  // Hyperon's Python `parse` raises IncorrectArgumentError: the call stays unreduced.
  if (s === null) throw new NoReduce();
  try {
    const form = new Parser(s, '<parse>').next(tokens());
    if (form === null) throw new NoReduce();
    return [form.atom];
  } catch (e) {
    if (e instanceof ParseError) throw new NoReduce();
    throw e;
  }
}

/** `standardTokens` is passed in to keep this module free of an import cycle with index.ts. */
export function textOps(standardTokens: () => TokenTable): Atom[] {
  const tokens = (): TokenTable => (parseTokens ??= standardTokens());
  return [
    operation('println!', typeAtom('(-> %Undefined% (->))'), (args, ctx) => {
      if (args[0] === undefined) fail('println! expects single atom as an argument');
      ctx.host.print(displayText(args[0]));
      return [UNIT];
    }),
    // Prints with Display, so a String keeps its quotes (unlike println!), to stderr.
    operation('trace!', typeAtom('(-> %Undefined% Atom %Undefined%)'), (args, ctx) => {
      if (args.length < 2) fail('trace! expects two atoms as arguments');
      ctx.host.printErr(format(args[0]!));
      return [args[1]!];
    }),
    operation('print-alternatives!', typeAtom('(-> Atom Expression (->))'), (args, ctx) => {
      const missing = 'print-alternatives! expects format string as a first argument and expression as a second argument';
      if (args[0] === undefined) fail(missing);
      const header = displayText(args[0]);
      const items = listArg(args[1], missing);
      ctx.host.print(`${items.length} ${header}:`);
      for (const x of items) ctx.host.print(`    ${displayText(x)}`);
      return [UNIT];
    }),
    operation('format-args', typeAtom('(-> String Expression String)'), (args) => {
      const missing = 'format-args expects format string as a first argument and expression as a second argument';
      const fmt = args[0] === undefined ? null : stringOf(args[0]);
      if (fmt === null) fail(missing);
      const values = listArg(args[1], missing).map(displayText);
      return [makeString(formatPlaceholders(fmt, values))];
    }),
    operation('sort-strings', typeAtom('(-> Expression Expression)'), sortStrings),
    operation('repr', typeAtom('(-> Atom String)'), (args) => {
      if (args[0] === undefined) fail('repr expects single atom as an argument');
      return [makeString(format(args[0]))];
    }),
    operation('parse', typeAtom('(-> String Atom)'), (args) => parse(args, tokens)),
    // Both from hyperon's Python stdlib: a String as an expression of its Chars (code points), and back.
    operation('stringToChars', typeAtom('(-> String Atom)'), (args) => {
      const s = args[0] === undefined ? null : stringOf(args[0]);
      if (s === null) fail('stringToChars expects a String as an argument');
      return [expr(Array.from(s, makeChar))];
    }),
    operation('charsToString', typeAtom('(-> Atom String)'), (args) => {
      const missing = 'charsToString expects an expression of Chars as an argument';
      const a = args[0];
      if (a === undefined || a.kind !== EXPRESSION) fail(missing);
      let out = '';
      for (const x of a.items) {
        // A String item adds its text, as hyperon's version does; anything else is not a character.
        const c = charOf(x) ?? stringOf(x);
        if (c === null) fail(missing);
        out += c;
      }
      return [makeString(out)];
    }),
  ];
}
