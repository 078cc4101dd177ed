// Character classes of the MeTTa lexer, over UTF-16 char codes. Every character
// the lexer treats specially is in the BMP, so a surrogate unit is always an
// ordinary word character and the scanner never has to decode code points.

export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21;
export const QUOTE = 0x22;
export const HASH = 0x23;
export const DOLLAR = 0x24;
export const APOSTROPHE = 0x27;
export const LPAREN = 0x28;
export const RPAREN = 0x29;
export const SEMICOLON = 0x3b;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const BOM = 0xfeff;

/**
 * Rust's `char::is_whitespace` (the Unicode White_Space property), which is what
 * hyperon's lexer uses. Unlike JS `\s` it includes U+0085 and excludes U+FEFF.
 */
export function isWhitespace(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= TAB && c <= CR);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** A word ends at whitespace, a parenthesis, or the start of a comment. */
export function endsWord(c: number): boolean {
  return c === LPAREN || c === RPAREN || c === SEMICOLON || isWhitespace(c);
}

/** A variable name ends at whitespace or a parenthesis only (not at `;` or `"`, as in hyperon). */
export function endsVariable(c: number): boolean {
  return c === LPAREN || c === RPAREN || isWhitespace(c);
}

/** Value of an ASCII hex digit, or -1. (Rust's `to_digit(16)` accepts ASCII only.) */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}
