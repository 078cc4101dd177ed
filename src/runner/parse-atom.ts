// Atoms from text for hosts, with the standard library's tokens: `+`, `match`,
// `PI`... become the grounded atoms a program gets, so evaluating a parsed
// `(+ 40 2)` gives 42. Tokens of one runner (`&self`, registered operations,
// `bind!`) are known only to that runner's MeTTa#parse.
import type { Atom } from '../atom/atom.js';
import { Parser, type TopForm } from '../syntax/parser.js';
import type { TokenTable } from '../syntax/tokens.js';
import { standardTokens } from '../stdlib/index.js';

let tokens: TokenTable | null = null;
function standard(): TokenTable {
  return (tokens ??= standardTokens());
}

/** Parses exactly one atom with the standard tokens (or the table given), e.g. `parseAtom('(+ 40 2)')`. `!` is an ordinary symbol here. */
export function parseAtom(text: string, tokens: TokenTable = standard()): Atom {
  return Parser.parseOne(text, tokens, '<atom>');
}

/** Parses a whole program into top-level forms with the standard tokens; throws ParseError on the first error. */
export function parseAll(source: string, tokens: TokenTable = standard(), file = '<string>'): TopForm[] {
  const p = new Parser(source, file);
  const forms: TopForm[] = [];
  for (let f = p.next(tokens); f !== null; f = p.next(tokens)) forms.push(f);
  return forms;
}
