// Syntax diagnostics: one catalogue of messages (hyperon's wording where it has
// one) and the single error type the parser throws.
import type { SourcePos } from './source.js';

/** Every parse error the syntax layer reports: its message and what was expected there. */
export const PARSE_ERRORS = {
  unexpectedRightBracket: { message: 'Unexpected right bracket', expected: 'an atom or the end of input' },
  /** `{at}` is replaced by the line:col of the unclosed `(`. */
  unclosedParen: { message: 'Unexpected end of input: unclosed parenthesis opened at {at}', expected: "')'" },
  atomAfterExec: { message: "Expected an atom after '!'", expected: 'an atom' },
  unclosedString: { message: 'Unclosed String Literal', expected: "a closing '\"'" },
  escapeNotFinished: { message: 'Escaping sequence is not finished', expected: "an escape character after '\\'" },
  invalidEscape: {
    message: 'Invalid escape sequence',
    expected: 'one of \\" \\\' \\\\ \\n \\r \\t \\xHH (at most 7F) or \\u{H..} (1 to 8 hex digits)',
  },
  hashInVariable: { message: "'#' char is reserved for internal usage", expected: "a variable name without '#'" },
  /** A token constructor refused the word; message and expectation come from its TokenError. */
  badToken: { message: 'Invalid token', expected: 'a valid token' },
  expectedAtom: { message: 'Expected an atom', expected: 'an atom' },
  trailingText: { message: 'Unexpected text after the atom', expected: 'the end of input' },
} as const;

export type ParseErrorCode = keyof typeof PARSE_ERRORS;

/**
 * Thrown by a token constructor that matched a word but cannot build an atom from
 * it (hyperon's fallible token, e.g. an integer outside i64). The parser turns it
 * into a ParseError positioned at the word.
 */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly expected: string;
  constructor(message: string, expected: string = PARSE_ERRORS.badToken.expected) {
    super(message);
    this.expected = expected;
  }
}

/** A syntax error at a known position; `message` is the bare reason, `format()` adds where. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  readonly code: ParseErrorCode;
  readonly pos: SourcePos;
  readonly expected: string;
  /** The full text of the line holding `pos`. */
  readonly sourceLine: string;

  constructor(code: ParseErrorCode, message: string, expected: string, pos: SourcePos, sourceLine: string) {
    super(message);
    this.code = code;
    this.pos = pos;
    this.expected = expected;
    this.sourceLine = sourceLine;
  }

  /** `file:line:col: message`, the source line, and a caret under the offending character. */
  format(): string {
    const { file, line, col } = this.pos;
    let pad = '';
    let n = 0;
    // Tabs are kept so the caret lines up however the terminal expands them.
    for (const ch of this.sourceLine) {
      if (n >= col - 1) break;
      pad += ch === '\t' ? '\t' : ' ';
      n++;
    }
    for (; n < col - 1; n++) pad += ' ';
    return `${file}:${line}:${col}: ${this.message}\n${this.sourceLine}\n${pad}^`;
  }
}
