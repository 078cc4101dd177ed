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
      while (j < text.length && !/[\s()"]/.test(text[j]!)) j++;
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
  const lines: string[] = [];
  for (const f of ours) {
    for (const r of f.results) lines.push(r === '()' ? dialect.unit : r);
  }
  return lines.map(normaliseAnswer);
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
  const got = printed.slice(printed.length - want.length).map(normaliseAnswer);
  const a = [...want].sort();
  const b = [...got].sort();
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return `expected ${clip(a[i]!)}, got ${clip(b[i]!)}`;
  }
  return null;
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
