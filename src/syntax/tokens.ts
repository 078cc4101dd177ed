// The token table (hyperon's Tokenizer): it turns words into grounded atoms.
// Among all registrations, exact words and regexes alike, the most recent one
// that matches wins, and a regex must match the whole word.
import type { Atom } from '../atom/atom.js';
import { makeInt, makeFloat, TRUE, FALSE, NumberValue } from '../atom/grounded.js';
import { TokenError } from './errors.js';

export type TokenConstructor = (text: string) => Atom;

interface WordEntry {
  readonly make: TokenConstructor;
  readonly seq: number;
}

interface RegexEntry {
  /** A sticky copy of the registered regex, so a match can only start at 0. */
  readonly re: RegExp;
  readonly make: TokenConstructor;
  readonly seq: number;
}

/** Words TokenTable.lookup remembers to be symbols, at most. */
const SYMBOLS_KEPT = 4096;

export class TokenTable {
  private words: Map<string, WordEntry>;
  /** In registration order, so scanning from the end visits newest first. */
  private regexes: RegexEntry[];
  private seq: number;
  /**
   * Words found to be no token (symbols), since the last registration: most words of a
   * program are symbols, and each would otherwise try every regex. Bounded: emptied when full.
   */
  private readonly symbols = new Set<string>();

  constructor() {
    this.words = new Map();
    this.regexes = [];
    this.seq = 0;
  }

  /** Registers an exact word. Later registrations win over earlier ones (exact and regex alike). */
  registerWord(word: string, make: TokenConstructor): void {
    this.words.set(word, { make, seq: ++this.seq });
    this.symbols.clear();
  }

  /** Registers a regex that must match the whole word. Later registrations win. */
  registerRegex(re: RegExp, make: TokenConstructor): void {
    // Hyperon accepts a regex when its leftmost-first match starts at 0 and ends at
    // the end of the word. A sticky match at 0 is that same match, and a full-length
    // check replaces anchoring (anchoring would also accept a longer alternative).
    const sticky = new RegExp(re.source, re.flags.replace(/[gy]/g, '') + 'y');
    this.regexes.push({ re: sticky, make, seq: ++this.seq });
    this.symbols.clear();
  }

  /** Atom for a word, or null when no token matches (the word is then a Symbol). */
  lookup(word: string): Atom | null {
    if (this.symbols.has(word)) return null;
    const exact = this.words.get(word);
    const floor = exact === undefined ? 0 : exact.seq;
    const rs = this.regexes;
    for (let i = rs.length - 1; i >= 0; i--) {
      const r = rs[i]!;
      if (r.seq < floor) break;
      r.re.lastIndex = 0;
      const m = r.re.exec(word);
      if (m !== null && m[0].length === word.length) return r.make(word);
    }
    if (exact !== undefined) return exact.make(word);
    if (this.symbols.size >= SYMBOLS_KEPT) this.symbols.clear();
    this.symbols.add(word);
    return null;
  }

  /** A copy whose later registrations do not affect this one (modules get their own). */
  clone(): TokenTable {
    // Entries are immutable and a regex's lastIndex is set before each use, so both tables may hold them.
    const t = new TokenTable();
    t.words = new Map(this.words);
    t.regexes = this.regexes.slice();
    t.seq = this.seq;
    return t;
  }
}

const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);
const ASCII_INT = /^[-+]?[0-9]+$/;
const ASCII_FLOAT = /^[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

/**
 * Integer literal → Number. Like hyperon (`Number::from_int_str`, i64 parse): exact
 * past 2^53 via BigInt, and a parse error outside i64. The regex's `\d` is Unicode
 * there as here, so a non-ASCII digit string is a parse error too, not a symbol.
 */
export function parseIntToken(text: string): Atom {
  if (!ASCII_INT.test(text)) {
    throw new TokenError(`Could not parse integer: '${text}', invalid digit found in string`, 'an integer written with ASCII digits');
  }
  const digits = text.charCodeAt(0) === 0x2b || text.charCodeAt(0) === 0x2d ? text.length - 1 : text.length;
  if (digits <= 15) {
    const n = Number(text);
    return parsedInt(n === 0 ? 0 : n);
  }
  const n = BigInt(text);
  if (n > I64_MAX) throw new TokenError(`Could not parse integer: '${text}', number too large to fit in target type`, 'an integer in the i64 range');
  if (n < I64_MIN) throw new TokenError(`Could not parse integer: '${text}', number too small to fit in target type`, 'an integer in the i64 range');
  return makeInt(n);
}

/**
 * The Int atoms parsed lately, direct-mapped by value: a program's facts mention
 * the same numbers again and again, `(edge 4 5) (edge 5 6)`, and one shared atom
 * per number makes their comparisons (a join's, a match's) one identity check
 * and their cells one place in memory. Bounded, and let go when a parser
 * reaches the end of its text (releaseParsedInts): it never keeps alive what
 * the parsed atoms do not (a bulk load's earlier batches).
 */
const INT_CACHE_BITS = 16;
const intCache: Array<Atom | undefined> = new Array<Atom | undefined>(1 << INT_CACHE_BITS).fill(undefined);
/** The places written since the last release, while few (a small program's parse clears only those). */
const intPlaces: number[] = [];
const INT_PLACES_MAX = 1024;
/** More places were written than intPlaces keeps: a release clears the whole table. */
let intsOverflowed = false;

function parsedInt(n: number): Atom {
  const i = n & ((1 << INT_CACHE_BITS) - 1);
  const hit = intCache[i];
  if (hit !== undefined && (hit.value as NumberValue).n === n) return hit;
  const a = makeInt(n);
  if (hit === undefined) {
    if (intPlaces.length < INT_PLACES_MAX) intPlaces.push(i);
    else intsOverflowed = true;
  }
  intCache[i] = a;
  return a;
}

/** Empties the parsed-Int cache (a parser at the end of its text calls it). */
export function releaseParsedInts(): void {
  if (intsOverflowed) intCache.fill(undefined);
  else for (const i of intPlaces) intCache[i] = undefined;
  intPlaces.length = 0;
  intsOverflowed = false;
}

/** Float literal → Number (f64, nearest value; overflow gives ±inf as Rust's parse does). */
export function parseFloatToken(text: string): Atom {
  if (!ASCII_FLOAT.test(text)) throw new TokenError(`Could not parse float: '${text}', invalid float literal`, 'a float written with ASCII digits');
  return makeFloat(Number(text));
}

/** Integer or float literal, whichever the word is (see `literalTokens`). */
export function parseNumberToken(text: string): Atom {
  // Most words are short ASCII integers: those need neither regex.
  if (text.length <= 15 && isAsciiDigits(text)) {
    const n = Number(text);
    return parsedInt(n === 0 ? 0 : n);
  }
  return FLOAT_MARK.test(text) ? parseFloatToken(text) : parseIntToken(text);
}

/** An optional sign, then one or more of 0-9 only. */
function isAsciiDigits(text: string): boolean {
  let i = text.charCodeAt(0) === 0x2b || text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (i === text.length) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
const FLOAT_MARK = /[.eE]/;

/**
 * A table with the standard literal tokens: integers, floats, True/False. (Strings
 * are produced by the lexer directly.) Hyperon registers three number regexes,
 * `[-+]?\d+`, `[-+]?\d+\.\d+` and `[-+]?\d+(\.\d+)?[eE][-+]?\d+`; a word matches one
 * of them whole exactly when it matches this union whole, so one probe per word
 * does the work of three.
 */
export function literalTokens(): TokenTable {
  const t = new TokenTable();
  t.registerRegex(/[-+]?\p{Nd}+(?:\.\p{Nd}+)?(?:[eE][-+]?\p{Nd}+)?/u, parseNumberToken);
  t.registerWord('True', () => TRUE);
  t.registerWord('False', () => FALSE);
  return t;
}
