// Source text with a line table, so offsets turn into line:col only when a
// position is actually needed (form starts and errors), not per character.
import { CR } from './chars.js';

/** A position in a source file; `line` and `col` are 1-based, `col` counts code points. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export class SourceText {
  readonly text: string;
  readonly file: string;
  /** Offset of the first character of each line; lines end at `\n`. */
  private readonly lineStarts: number[];
  /** Index of the line found by the last lookup: lookups mostly move forward. */
  private lastLine = 0;

  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /** 0-based index of the line containing `offset`. */
  lineIndex(offset: number): number {
    const starts = this.lineStarts;
    let i = this.lastLine;
    if (starts[i]! <= offset && (i + 1 >= starts.length || starts[i + 1]! > offset)) return i;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    i = lo;
    this.lastLine = i;
    return i;
  }

  lineCount(): number {
    return this.lineStarts.length;
  }

  lineStart(index: number): number {
    return this.lineStarts[index]!;
  }

  /** Offset just past the last character of line `index` (before its `\n`, or the end of text). */
  lineEnd(index: number): number {
    return index + 1 < this.lineStarts.length ? this.lineStarts[index + 1]! - 1 : this.text.length;
  }

  /** Text of line `index` without its line terminator (`\n` or `\r\n`). */
  lineText(index: number): string {
    let end = this.lineEnd(index);
    const start = this.lineStarts[index]!;
    if (end > start && this.text.charCodeAt(end - 1) === CR) end--;
    return this.text.slice(start, end);
  }

  pos(offset: number): SourcePos {
    const line = this.lineIndex(offset);
    return { file: this.file, line: line + 1, col: codePointCount(this.text, this.lineStarts[line]!, offset) + 1 };
  }
}

/** Number of code points in `text[from, to)`; a surrogate pair counts once. */
export function codePointCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
