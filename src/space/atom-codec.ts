// Atoms as text for a database row, and back. Unlike printed MeTTa it keeps a
// variable's identity (name and id) and needs no tokenizer for the built-in
// data types; other grounded atoms (operations such as `+`) are stored by the
// word that makes them and rebuilt through the host's tokens on the way back.
//   symbol s<len>:<name>   variable v<id>,<len>:<name>   expression ( … )
//   integer i<digits>;     float f<repr>;                string t<len>:<text>
//   True T  False F        other grounded o<len>:<word>
// Lengths count UTF-16 code units.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, atomEq, expr, sym, variable } from '../atom/atom.js';
import { BoolValue, NumberValue, StringValue, TRUE, FALSE, makeFloat, makeInt, makeString } from '../atom/grounded.js';

/** The atom a word stands for in the host's tokens (`+`, `&kb` …), or null. */
export type WordResolver = (word: string) => Atom | null;

/** An atom the codec cannot write (a space, a state, an operation no word names). */
export class UnstorableAtom extends Error {}

const SELF = '&self';

export function encodeAtom(a: Atom, resolve: WordResolver): string {
  const parts: string[] = [];
  encodeInto(a, resolve, parts);
  return parts.join('');
}

function encodeInto(a: Atom, resolve: WordResolver, out: string[]): void {
  switch (a.kind) {
    case SYMBOL:
      out.push('s', String(a.name.length), ':', a.name);
      return;
    case VARIABLE:
      out.push('v', String(a.id), ',', String(a.name.length), ':', a.name);
      return;
    case EXPRESSION:
      out.push('(');
      for (const x of a.items) encodeInto(x, resolve, out);
      out.push(')');
      return;
    default: {
      const v = a.value!;
      if (v instanceof NumberValue) {
        if (!v.isFloat) out.push('i', String(v.n), ';');
        else out.push('f', Object.is(v.n, -0) ? '-0' : String(v.n), ';');
      } else if (v instanceof StringValue) out.push('t', String(v.s.length), ':', v.s);
      else if (v instanceof BoolValue) out.push(v.b ? 'T' : 'F');
      else {
        // `&self` in a stored rule means the space of whoever reads it, as in a loaded file.
        const word = atomEq(resolve(SELF) ?? a, a) && resolve(SELF) !== null ? SELF : v.display();
        const back = resolve(word);
        if (back === null || !atomEq(back, a)) throw new UnstorableAtom(`${word} cannot be stored in a persistent space (no token rebuilds it)`);
        out.push('o', String(word.length), ':', word);
      }
    }
  }
}

/** Reads what `encodeAtom` wrote. Throws on text it did not write. */
export function decodeAtom(text: string, resolve: WordResolver): Atom {
  const r = new Reader(text, resolve);
  const a = r.atom();
  if (r.at !== text.length) throw new Error(`bad stored atom: trailing text at ${r.at}`);
  return a;
}

class Reader {
  at = 0;
  private readonly text: string;
  private readonly resolve: WordResolver;
  constructor(text: string, resolve: WordResolver) {
    this.text = text;
    this.resolve = resolve;
  }

  atom(): Atom {
    const t = this.text;
    const c = t[this.at++];
    switch (c) {
      case 's':
        return sym(this.counted());
      case 'v': {
        const id = Number(this.until(','));
        return variable(this.counted(), id);
      }
      case '(': {
        const items: Atom[] = [];
        while (t[this.at] !== ')') {
          if (this.at >= t.length) throw new Error('bad stored atom: unclosed expression');
          items.push(this.atom());
        }
        this.at++;
        return expr(items);
      }
      case 'i': {
        const d = this.until(';');
        const n = Number(d);
        return makeInt(Number.isSafeInteger(n) ? n : BigInt(d));
      }
      case 'f':
        return makeFloat(Number(this.until(';')));
      case 't':
        return makeString(this.counted());
      case 'T':
        return TRUE;
      case 'F':
        return FALSE;
      case 'o': {
        const word = this.counted();
        const a = this.resolve(word);
        if (a === null) throw new Error(`stored atom ${word} names no token of this runner`);
        return a;
      }
      default:
        throw new Error(`bad stored atom: unexpected ${JSON.stringify(c)} at ${this.at - 1}`);
    }
  }

  /** `<len>:<text>` */
  private counted(): string {
    const n = Number(this.until(':'));
    const s = this.text.slice(this.at, this.at + n);
    if (s.length !== n) throw new Error('bad stored atom: truncated text');
    this.at += n;
    return s;
  }

  private until(ch: string): string {
    const end = this.text.indexOf(ch, this.at);
    if (end < 0) throw new Error(`bad stored atom: missing ${ch}`);
    const s = this.text.slice(this.at, end);
    this.at = end + 1;
    return s;
  }
}
