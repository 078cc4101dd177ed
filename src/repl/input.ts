// Reads REPL input ahead of the parser: says whether what was typed so far is a
// complete input, and where each top-level form of it starts and ends, so forms
// run (and print) one at a time. The lexical rules mirror src/syntax/parser.ts:
// `;` comments run to the end of the line, a string starts only where an atom
// starts and may span lines, a word ends at whitespace, a parenthesis or `;`,
// and a variable only at whitespace or a parenthesis. Errors are left to the
// parser: this only decides when to stop asking for more lines.
import { isWhitespace, endsWord, endsVariable, QUOTE, DOLLAR, LPAREN, RPAREN, SEMICOLON, BACKSLASH } from '../syntax/chars.js';

/** One top-level form: offsets into the input, the `!` marking it included. */
export interface FormSpan {
  readonly start: number;
  readonly end: number;
}

export interface InputScan {
  /** False while more lines are needed: an open `(`, an open string, or a `!` still waiting for its atom. */
  readonly complete: boolean;
  /** The forms found; a stray `)` is a span of its own (the parser reports it). */
  readonly forms: readonly FormSpan[];
}

export function scanInput(text: string): InputScan {
  const n = text.length;
  const forms: FormSpan[] = [];
  let p = 0;
  let depth = 0;
  /** Start of the form being read, or -1 between forms. */
  let start = -1;
  for (;;) {
    p = skipBlank(text, p);
    if (p >= n) break;
    const c = text.charCodeAt(p);
    if (start < 0) start = p;
    if (c === LPAREN) {
      depth++;
      p++;
      continue;
    }
    if (c === RPAREN) {
      p++;
      if (depth > 0) depth--;
    } else if (c === QUOTE) {
      p = stringEnd(text, p);
      if (p < 0) return { complete: false, forms };
    } else if (c === DOLLAR) {
      p++;
      while (p < n && !endsVariable(text.charCodeAt(p))) p++;
    } else {
      const w = p;
      p++;
      while (p < n && !endsWord(text.charCodeAt(p))) p++;
      // The symbol `!` marks the next atom for evaluation: they are one form.
      if (depth === 0 && p - w === 1 && c === 0x21) continue;
    }
    if (depth === 0) {
      forms.push({ start, end: p });
      start = -1;
    }
  }
  return { complete: start < 0, forms };
}

/** Offset after the string opening at `p`, or -1 when the input ends inside it. */
function stringEnd(text: string, p: number): number {
  const n = text.length;
  for (let q = p + 1; q < n; q++) {
    const c = text.charCodeAt(q);
    if (c === QUOTE) return q + 1;
    if (c === BACKSLASH) q++;
  }
  return -1;
}

function skipBlank(text: string, p: number): number {
  const n = text.length;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === SEMICOLON) {
      const eol = text.indexOf('\n', p);
      p = eol < 0 ? n : eol;
    } else if (isWhitespace(c)) {
      p++;
    } else {
      break;
    }
  }
  return p;
}

/**
 * The source to hand the parser for each form: the form preceded by as many line
 * breaks as lines before it and its own line's earlier text blanked out (tabs
 * kept), so parse errors point at the line and column of the input as typed.
 * Spans must be in order; lines are counted once over the whole input.
 */
export function formSources(text: string, spans: readonly FormSpan[]): string[] {
  const out: string[] = [];
  let lines = 0;
  let lineStart = 0;
  let scanned = 0;
  for (const span of spans) {
    for (let i = text.indexOf('\n', scanned); i >= 0 && i < span.start; i = text.indexOf('\n', i + 1)) {
      lines++;
      lineStart = i + 1;
    }
    scanned = span.start;
    const before = text.slice(lineStart, span.start).replace(/[^\t]/gu, ' ');
    out.push('\n'.repeat(lines) + before + text.slice(span.start, span.end));
  }
  return out;
}
