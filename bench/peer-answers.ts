// Checks another engine's printed answers against this runtime's. Peers print
// one line per result, after any side-effect output, in their own spelling
// (PeTTa: lower-case `true`/`false`, and `true` where we give the unit `()`:
// a passing `test`, `add-atom`, `println`), so both
// sides are normalised before they are compared.

import type { FormAnswer } from './protocol.js';

/** How one peer prints what this runtime prints differently. */
export interface PeerDialect {
  /** How the peer prints our unit result `()` (a passing `test`, `add-atom`…). */
  readonly unit: string;
  /** A marker the peer prints when a `test` form fails (checked anywhere in its output). */
  readonly testFailedMarker: string | null;
  /**
   * 'result': one line per result (PeTTa); 'form': one line per `!` form, its results
   * as `[r1, r2]` the way hyperon's `metta` prints them (MeTTaScript).
   */
  readonly lines: 'result' | 'form';
}

/**
 * One result's text in a spelling both sides share: `True`/`False` symbols in
 * lower case (outside string literals) and runs of white space as one space.
 */
export function normaliseAnswer(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // A string literal is kept as it is, escapes included.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (/\s/.test(c)) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (out !== '' && i < text.length) out += ' ';
    } else {
      let j = i;
      while (j < text.length && !/[\s()"\[\],]/.test(text[j]!)) j++;
      if (j === i) {
        out += c;
        i++;
        continue;
      }
      const word = text.slice(i, j);
      out += word === 'True' ? 'true' : word === 'False' ? 'false' : word;
      i = j;
    }
  }
  return out.replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** The lines the peer should print for our results, in order (the unit as the peer prints it). */
export function expectedPeerLines(ours: readonly FormAnswer[], dialect: PeerDialect): string[] {
  const unit = (r: string): string => (r === '()' ? dialect.unit : r);
  if (dialect.lines === 'form') return ours.map((f) => normaliseAnswer(`[${f.results.map(unit).join(', ')}]`));
  const lines: string[] = [];
  for (const f of ours) {
    for (const r of f.results) lines.push(unit(r));
  }
  return lines.map(normaliseAnswer);
}

/**
 * A form line `[a, (b c), "d, e"]` as a sorted list of its results, so one form's
 * alternatives may come in another order; a line that is not a form line stays whole.
 */
function formResultsSorted(line: string): string {
  if (!line.startsWith('[') || !line.endsWith(']')) return line;
  const items: string[] = [];
  let depth = 0;
  let start = 1;
  for (let i = 1; i < line.length - 1; i++) {
    const c = line[i]!;
    if (c === '"') {
      i++;
      while (i < line.length - 1 && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      items.push(line.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = line.slice(start, line.length - 1).trim();
  if (last !== '' || items.length > 0) items.push(last);
  return `[${items.sort().join(', ')}]`;
}

/**
 * null when the peer's output ends with the results we gave (as multisets: engines may
 * enumerate one form's alternatives in another order), else what differs.
 */
export function comparePeerAnswers(ours: readonly FormAnswer[], peerStdout: string, dialect: PeerDialect): string | null {
  if (dialect.testFailedMarker !== null && peerStdout.includes(dialect.testFailedMarker)) {
    const line = peerStdout.split('\n').find((l) => l.includes(dialect.testFailedMarker!)) ?? '';
    return `a test failed: ${line.trim().slice(0, 200)}`;
  }
  const want = expectedPeerLines(ours, dialect);
  const printed = peerStdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (printed.length < want.length) return `printed ${printed.length} result line(s), expected ${want.length}`;
  // Side-effect output (println, test reports) comes first; the results are the last lines.
  let got = printed.slice(printed.length - want.length).map(normaliseAnswer);
  let expected = want;
  if (dialect.lines === 'form') {
    // Forms stay in order; within one form the results are a multiset.
    got = got.map(formResultsSorted);
    expected = want.map(formResultsSorted);
    for (let i = 0; i < expected.length; i++) {
      if (expected[i] !== got[i]) return `expected ${clip(expected[i]!)}, got ${clip(got[i]!)}`;
    }
    return null;
  }
  const a = [...expected].sort();
  const b = [...got].sort();
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return `expected ${clip(a[i]!)}, got ${clip(b[i]!)}`;
  }
  return null;
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
