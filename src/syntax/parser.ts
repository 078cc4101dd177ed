// The MeTTa reader: hyperon's SExprParser, hand-written over char codes. Nesting
// uses an explicit stack of open expressions, never JS recursion, so depth is
// bounded by memory only.
import { type Atom, sym, variable, expr } from '../atom/atom.js';
import { makeString } from '../atom/grounded.js';
import { S } from '../atom/symbols.js';
import {
  isWhitespace, endsWord, endsVariable, hexValue,
  BANG, QUOTE, HASH, DOLLAR, APOSTROPHE, LPAREN, RPAREN, SEMICOLON, BACKSLASH, LBRACE, RBRACE, BOM,
} from './chars.js';
import { PARSE_ERRORS, ParseError, TokenError, type ParseErrorCode } from './errors.js';
import { SourceText, type SourcePos } from './source.js';
import { TokenTable, literalTokens, releaseParsedInts } from './tokens.js';

export type { SourcePos } from './source.js';
export { ParseError } from './errors.js';

/** One top-level form: an atom, and whether it was preceded by `!` (evaluate it). */
export interface TopForm {
  atom: Atom;
  exec: boolean;
  /** Where the form starts: its `!` for an exec form, else the atom's first character. */
  pos: SourcePos;
}

export class Parser {
  private readonly src: SourceText;
  private readonly text: string;
  private pos: number;

  constructor(source: string, file: string) {
    this.src = new SourceText(source, file);
    this.text = source;
    // A byte-order mark is encoding noise, not a word character.
    this.pos = source.charCodeAt(0) === BOM ? 1 : 0;
  }

  /**
   * Next top-level form, or null at end of input. Throws ParseError; after a throw,
   * calling next() again resumes after the bad form (see `recover`), so later
   * forms are still reported. The table is passed per call because `bind!`
   * registers tokens between forms.
   */
  next(tokens: TokenTable): TopForm | null {
    this.skipBlank();
    const formStart = this.pos;
    let exec = false;
    let bang = -1;
    for (;;) {
      this.skipBlank();
      const atomStart = this.pos;
      const atom = this.readAtom(tokens, formStart);
      if (atom === null) {
        if (exec) throw this.fail('atomAfterExec', bang, formStart);
        releaseParsedInts();
        return null;
      }
      // Like hyperon's runner, the *symbol* `!` marks the next atom for evaluation;
      // repeated marks collapse into one.
      if (atom === S.exec) {
        exec = true;
        bang = atomStart;
        continue;
      }
      return { atom, exec, pos: this.src.pos(formStart) };
    }
  }

  /** Next atom as written, with no meaning given to `!`; null at end of input. */
  nextAtom(tokens: TokenTable): Atom | null {
    this.skipBlank();
    const atom = this.readAtom(tokens, this.pos);
    if (atom === null) releaseParsedInts();
    return atom;
  }

  /** Reads exactly one atom that fills the whole text. */
  static parseOne(text: string, tokens: TokenTable, file: string): Atom {
    const p = new Parser(text, file);
    const atom = p.nextAtom(tokens);
    if (atom === null) throw p.fail('expectedAtom', p.pos, p.pos);
    p.skipBlank();
    if (p.pos < text.length) throw p.fail('trailingText', p.pos, p.pos);
    return atom;
  }

  /** Skips whitespace and `;` comments (which end at `\n` only). */
  private skipBlank(): void {
    const s = this.text, n = s.length;
    let p = this.pos;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === SEMICOLON) {
        const eol = s.indexOf('\n', p);
        p = eol === -1 ? n : eol;
      } else if (isWhitespace(c)) {
        p++;
      } else {
        break;
      }
    }
    this.pos = p;
  }

  /** One atom starting at the next non-blank character; null at end of input outside any expression. */
  private readAtom(tokens: TokenTable, formStart: number): Atom | null {
    const s = this.text, n = s.length;
    const open: Atom[][] = [];
    const openAt: number[] = [];
    let depth = 0;
    for (;;) {
      this.skipBlank();
      const p = this.pos;
      if (p >= n) {
        if (depth === 0) return null;
        throw this.fail('unclosedParen', openAt[depth - 1]!, formStart);
      }
      const c = s.charCodeAt(p);
      let atom: Atom;
      if (c === LPAREN) {
        // Each expression gets a fresh array: expr() keeps it as the atom's items.
        open[depth] = [];
        openAt[depth] = p;
        depth++;
        this.pos = p + 1;
        continue;
      } else if (c === RPAREN) {
        if (depth === 0) throw this.fail('unexpectedRightBracket', p, formStart);
        depth--;
        atom = expr(open[depth]!);
        this.pos = p + 1;
      } else if (c === DOLLAR) {
        atom = this.readVariable(p, formStart);
      } else if (c === QUOTE) {
        atom = this.readString(p, formStart);
      } else {
        atom = this.readWord(p, tokens, formStart);
      }
      if (depth === 0) return atom;
      open[depth - 1]!.push(atom);
    }
  }

  private readWord(start: number, tokens: TokenTable, formStart: number): Atom {
    const s = this.text, n = s.length;
    let q = start + 1;
    while (q < n && !endsWord(s.charCodeAt(q))) q++;
    this.pos = q;
    const word = s.slice(start, q);
    let atom: Atom | null;
    try {
      atom = tokens.lookup(word);
    } catch (e) {
      if (e instanceof TokenError) throw this.fail('badToken', start, formStart, e.message, e.expected);
      throw e;
    }
    return atom ?? sym(word);
  }

  private readVariable(start: number, formStart: number): Atom {
    const s = this.text, n = s.length;
    let q = start + 1;
    for (; q < n; q++) {
      const c = s.charCodeAt(q);
      if (endsVariable(c)) break;
      if (c === HASH) throw this.fail('hashInVariable', q, formStart);
    }
    this.pos = q;
    return variable(s.slice(start + 1, q));
  }

  private readString(start: number, formStart: number): Atom {
    const s = this.text, n = s.length;
    let out = '';
    let q = start + 1;
    let chunk = q;
    for (;;) {
      if (q >= n) throw this.fail('unclosedString', start, formStart);
      const c = s.charCodeAt(q);
      if (c === QUOTE) {
        out += s.slice(chunk, q);
        this.pos = q + 1;
        return makeString(out);
      }
      if (c !== BACKSLASH) {
        q++;
        continue;
      }
      out += s.slice(chunk, q);
      const bs = q++;
      if (q >= n) throw this.fail('escapeNotFinished', bs, formStart);
      const e = s.charCodeAt(q++);
      switch (e) {
        case QUOTE: case APOSTROPHE: case BACKSLASH: out += String.fromCharCode(e); break;
        case 0x6e: out += '\n'; break; // n
        case 0x72: out += '\r'; break; // r
        case 0x74: out += '\t'; break; // t
        // `\0` is how the printer (like Rust's Debug) shows NUL; accepting it keeps print → parse exact.
        case 0x30: out += '\0'; break; // 0
        case 0x78: { // x: exactly two hex digits, at most 0x7F
          const hi = q < n ? hexValue(s.charCodeAt(q++)) : -1;
          const lo = hi >= 0 && q < n ? hexValue(s.charCodeAt(q++)) : -1;
          const v = hi * 16 + lo;
          if (hi < 0 || lo < 0 || v > 0x7f) throw this.fail('invalidEscape', bs, formStart);
          out += String.fromCharCode(v);
          break;
        }
        case 0x75: { // u{H..}: up to 8 hex digits naming a Unicode scalar value
          if (q >= n || s.charCodeAt(q) !== LBRACE) throw this.fail('invalidEscape', bs, formStart);
          q++;
          let v = 0, digits = 0;
          for (;;) {
            if (q >= n) throw this.fail('invalidEscape', bs, formStart);
            const d = s.charCodeAt(q++);
            // Hyperon skips any further `{` and accepts `\u{}` as NUL; kept for fidelity.
            if (d === LBRACE) continue;
            if (d === RBRACE) break;
            const h = hexValue(d);
            if (h < 0 || ++digits > 8) throw this.fail('invalidEscape', bs, formStart);
            v = v * 16 + h;
          }
          if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw this.fail('invalidEscape', bs, formStart);
          out += String.fromCodePoint(v);
          break;
        }
        default:
          throw this.fail('invalidEscape', bs, formStart);
      }
      chunk = q;
    }
  }

  /**
   * Builds the error for the character at `at` and moves past the bad form, so the
   * next call reports later forms. The reader resumes at the first line after the
   * error's line whose first non-blank character is `(` or `!` and is indented no
   * deeper than the bad form's start: a deeper `(` is most likely part of the bad
   * form, and resuming there would report spurious errors for its tail.
   */
  private fail(code: ParseErrorCode, at: number, formStart: number, message?: string, expected?: string): ParseError {
    const src = this.src;
    const d = PARSE_ERRORS[code];
    let msg: string = message ?? d.message;
    if (code === 'unclosedParen') {
      const open = src.pos(at);
      msg = msg.replace('{at}', `${open.line}:${open.col}`);
    }
    const pos = src.pos(at);
    const err = new ParseError(code, msg, expected ?? d.expected, pos, src.lineText(pos.line - 1));
    this.pos = this.recover(pos.line - 1, formStart);
    return err;
  }

  private recover(errorLine: number, formStart: number): number {
    const src = this.src, s = this.text;
    const limit = formStart - src.lineStart(src.lineIndex(formStart));
    for (let line = errorLine + 1; line < src.lineCount(); line++) {
      const start = src.lineStart(line), end = src.lineEnd(line);
      let p = start;
      while (p < end && isWhitespace(s.charCodeAt(p))) p++;
      if (p - start > limit || p >= end) continue;
      const c = s.charCodeAt(p);
      if (c === LPAREN || c === BANG) return p;
    }
    return s.length;
  }
}

let defaultTokens: TokenTable | null = null;
function literals(): TokenTable {
  return (defaultTokens ??= literalTokens());
}

/** Convenience: parse all forms of a string (throws on first error). */
export function parseAll(source: string, tokens: TokenTable = literals(), file = '<string>'): TopForm[] {
  const p = new Parser(source, file);
  const forms: TopForm[] = [];
  for (let f = p.next(tokens); f !== null; f = p.next(tokens)) forms.push(f);
  return forms;
}

/** Parse exactly one atom from text (for tests/API), e.g. parseAtom('(a $x 1)'). `!` is an ordinary symbol here. */
export function parseAtom(text: string, tokens: TokenTable = literals()): Atom {
  return Parser.parseOne(text, tokens, '<atom>');
}
