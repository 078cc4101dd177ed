// The built-in `json` module (reference: runner/builtin_mods/json.rs):
// json-encode and json-decode between atoms and JSON text, and a dictionary
// space of (key value) pairs standing for a JSON object.
//
// The reference's encoding is kept exactly, quirks included:
// - a Symbol is the string "sym!:name" (`null` is JSON null), a Variable "var!:name";
// - a float is written the way Rust's serde_json writes it (`1.0`, `1e21`), a non-finite one as null;
// - a decoded JSON string keeps its JSON quotes and escapes inside the String atom
//   (json-decode of "\"a\"" is the String whose text is `"a"`), while object keys lose them;
// - integers are told from floats by how the number is written (`5` is 5, `5.0` is 5.0), and
//   an integer past i64 but within u64 is refused;
// - object keys come back in byte order (serde_json's map is sorted), the last of a duplicate key winning.
// The parser is ours (JSON.parse cannot tell `5` from `5.0`), with serde_json's error messages.
import { Atom, EXPRESSION, GROUNDED, SYMBOL, VARIABLE, expr, sym, variable, variableLabel } from '../atom/atom.js';
import { NumberValue, BoolValue, StringValue, makeInt, makeFloat, makeBool, makeString, stringOf, quoteString } from '../atom/grounded.js';
import { GroundingSpace, spaceAtom, spaceOf } from '../space/space.js';
import { format } from '../syntax/printer.js';
import { operation } from './operation.js';
import { fail } from './errors.js';
import { typeAtom } from './type-syntax.js';

const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);
const U64_MAX = (1n << 64n) - 1n;

const jsonEncode = operation('json-encode', typeAtom('(-> Atom String)'), (args) => {
  if (args[0] === undefined) fail('json-encode expects atom to encode as input');
  return [makeString(encode(args[0]))];
});

const jsonDecode = operation('json-decode', typeAtom('(-> String Atom)'), (args) => {
  const text = args[0] === undefined ? null : stringOf(args[0]);
  if (text === null) fail('json-decode expects string to decode as input');
  return [new JsonReader(text).document()];
});

/** The `json` module's operations (registered as tokens on import). */
export function jsonModuleOps(): Atom[] {
  return [jsonEncode, jsonDecode];
}

/** The module's MeTTa part: a dictionary space and its keys and values. */
export const JSON_LIBRARY = `
(@doc get-value
  (@desc "The values a key has in a dictionary space of (key value) pairs")
  (@params ((@param "Dictionary space") (@param "Key")))
  (@return "Each value of the key; none when the key is absent"))
(: get-value (-> Grounded Atom %Undefined%))
(= (get-value $space $key) (match $space ($key $value) $value))

(@doc get-keys
  (@desc "Every key of a dictionary space of (key value) pairs")
  (@params ((@param "Dictionary space")))
  (@return "Each key"))
(: get-keys (-> Grounded Atom))
; Its result type is Atom, so the body is a minimal-MeTTa function (run by eval), not an expression to evaluate.
(= (get-keys $space) (function (chain (unify $space ($key $value) $key Empty) $k (return $k))))

(@doc dict-space
  (@desc "A new space holding the given (key value) pairs, the form json-encode writes as a JSON object")
  (@params ((@param "Expression of (key value) pairs")))
  (@return "The space"))
(: dict-space (-> Expression Grounded))
(= (dict-space $pairs) (let* (($space (new-space)) ($added (add-reducts $space $pairs))) $space))

(@doc json-encode
  (@desc "JSON text for an atom: numbers, strings, Bools, expressions (arrays), dictionary spaces (objects), symbols and variables")
  (@params ((@param "Atom")))
  (@return "JSON text as a String"))

(@doc json-decode
  (@desc "The atom for JSON text: arrays become expressions, objects dictionary spaces, null the symbol null")
  (@params ((@param "JSON text")))
  (@return "The atom"))
`;

function encode(a: Atom): string {
  switch (a.kind) {
    case EXPRESSION: return `[${a.items.map(encode).join(', ')}]`;
    case SYMBOL: return a.name === 'null' ? 'null' : JSON.stringify(`sym!:${a.name}`);
    case VARIABLE: return JSON.stringify(`var!:${variableLabel(a)}`);
    default: break;
  }
  const v = a.value;
  if (v instanceof NumberValue) return v.isFloat ? rustFloat(v.n as number) : String(v.n);
  if (v instanceof BoolValue) return String(v.b);
  if (v instanceof StringValue) return JSON.stringify(v.s);
  const space = a.kind === GROUNDED ? spaceOf(a) : null;
  if (space !== null) return encodeDictionary(space);
  return fail(`Encode failed for atom (unsupported type): ${format(a)}`);
}

function encodeDictionary(space: GroundingSpace): string {
  const pairs = space.atoms().map((p) => {
    if (p.kind !== EXPRESSION || p.items.length !== 2) {
      fail('Input space must be a dictionary space consists of key-value pairs only or empty space. Use dict-space function');
    }
    const key = stringOf(p.items[0]!);
    if (key === null) fail('Key/value pair is expected, key must be a string');
    // A key as the reference writes it: Rust's `{:?}` of the string (JSON's own quoting for printable text).
    return `${quoteString(key)}:${encode(p.items[1]!)}`;
  });
  return `{${pairs.join(', ')}}`;
}

/** A float as serde_json writes it (ryu's shortest digits): `1.0`, `0.001`, `1e21`, `1.5e-7`; NaN and infinities as null. */
export function rustFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const n = digits.length;
  const kk = Number(exp) + 1; // the decimal point's position after the first digit
  let body: string;
  if (kk >= n && kk <= 16) body = `${digits}${'0'.repeat(kk - n)}.0`;
  else if (kk > 0 && kk <= 16) body = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (kk > -5 && kk <= 0) body = `0.${'0'.repeat(-kk)}${digits}`;
  else body = `${digits[0]!}${n > 1 ? `.${digits.slice(1)}` : ''}e${kk - 1}`;
  return sign + body;
}

/** Byte order of UTF-8 text (Rust's String order), which is code point order. */
function byteOrder(a: string, b: string): number {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A JSON document read into atoms; errors are serde_json's, as `Failed to decode string. Reason: … at line L column C`. */
class JsonReader {
  private pos = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  document(): Atom {
    this.space();
    const v = this.value();
    this.space();
    if (this.pos < this.text.length) this.error('trailing characters', this.pos + 1);
    return v;
  }

  private value(): Atom {
    this.space();
    const c = this.text[this.pos];
    if (c === undefined) return this.error('EOF while parsing a value', this.pos);
    if (c === '[') return this.array();
    if (c === '{') return this.object();
    if (c === '"') {
      const start = this.pos;
      this.string();
      return this.decodedString(this.text.slice(start, this.pos));
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, atom] of [['null', sym('null')], ['true', makeBool(true)], ['false', makeBool(false)]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return atom;
      }
    }
    return this.error('expected value', this.pos + 1);
  }

  /** A string value: its JSON form as written is kept (the reference's quirk), normalised the way serde_json re-serialises it. */
  private decodedString(raw: string): Atom {
    const quoted = JSON.stringify(JSON.parse(raw) as string);
    if (quoted.startsWith('"sym!:')) return sym(quoted.slice(6, -1));
    if (quoted.startsWith('"var!:')) return variable(quoted.slice(6, -1));
    return makeString(quoted);
  }

  private array(): Atom {
    this.pos++;
    const items: Atom[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return expr(items);
    }
    for (;;) {
      items.push(this.value());
      this.space();
      const c = this.text[this.pos];
      if (c === undefined) return this.error('EOF while parsing a list', this.pos);
      this.pos++;
      if (c === ']') return expr(items);
      if (c !== ',') return this.error('expected `,` or `]`', this.pos);
    }
  }

  private object(): Atom {
    this.pos++;
    const entries = new Map<string, Atom>();
    this.space();
    if (this.text[this.pos] === '}') this.pos++;
    else {
      for (;;) {
        this.space();
        const c = this.text[this.pos];
        if (c === undefined) return this.error('EOF while parsing an object', this.pos);
        if (c !== '"') return this.error('key must be a string', this.pos + 1);
        const start = this.pos;
        this.string();
        const key = JSON.parse(this.text.slice(start, this.pos)) as string;
        this.space();
        if (this.text[this.pos] === undefined) return this.error('EOF while parsing an object', this.pos);
        if (this.text[this.pos] !== ':') return this.error('expected `:`', this.pos + 1);
        this.pos++;
        entries.set(key, this.value());
        this.space();
        const d = this.text[this.pos];
        if (d === undefined) return this.error('EOF while parsing an object', this.pos);
        this.pos++;
        if (d === '}') break;
        if (d !== ',') return this.error('expected `,` or `}`', this.pos);
      }
    }
    const space = new GroundingSpace();
    for (const key of [...entries.keys()].sort(byteOrder)) space.add(expr([makeString(key), entries.get(key)!]));
    return spaceAtom(space);
  }

  /** Steps over one string literal (checked as JSON); pos ends after its closing quote. */
  private string(): void {
    const t = this.text;
    let i = this.pos + 1;
    for (;;) {
      const c = t[i];
      if (c === undefined) this.error('EOF while parsing a string', t.length);
      if (c === '"') break;
      if (c!.charCodeAt(0) < 0x20) this.error('control character (\\u0000-\\u001F) found while parsing a string', i + 1);
      if (c === '\\') {
        const e = t[i + 1];
        if (e === undefined) this.error('EOF while parsing a string', t.length);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) this.error('invalid escape', Math.min(i + 6, t.length));
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e!)) this.error('invalid escape', i + 2);
        i += 2;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
  }

  private number(): Atom {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (m === null) return this.error('invalid number', this.pos + 1);
    this.pos += m[0].length;
    const next = this.text[this.pos];
    if (next !== undefined && /[0-9.eE]/.test(next)) this.error('invalid number', this.pos + 1);
    if (m[2] === undefined && m[3] === undefined) {
      const n = BigInt(m[0]);
      if (n >= I64_MIN && n <= I64_MAX) return makeInt(n);
      if (n > I64_MAX && n <= U64_MAX) return fail('Currently u64 type is not supported');
    }
    const x = Number(m[0]);
    if (!Number.isFinite(x)) this.error('number out of range', this.pos);
    return makeFloat(x);
  }

  private space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  /** Fails with serde_json's message; `at` is a 0-based offset, reported as 1-based line and column. */
  private error(message: string, at: number): never {
    const before = this.text.slice(0, Math.max(0, at));
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1);
    return fail(`Failed to decode string. Reason: ${message} at line ${line} column ${column}`);
  }
}
