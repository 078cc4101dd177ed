// Random numbers (reference: runner/builtin_mods/random.rs). The `random`
// module is built in: `!(import! &self random)` brings its operations and the
// `&rng` generator into the importing module. The corelib keeps the older
// two-argument `random-int`/`random-float` for programs written before the
// module existed; the module's three-argument forms replace them once imported.
//
// Seeded generators are xoshiro128** seeded through splitmix64, so a seed gives
// the same numbers on every host, but not the numbers Rust's StdRng gives.
// `&rng` draws from the host's `random()` until it is seeded, so a runner made
// with a fixed `random` option is reproducible too.
import { Atom, GROUNDED, SYMBOL, sym, gnd, type GroundedValue } from '../atom/atom.js';
import { UNIT } from '../atom/symbols.js';
import { numberOf, makeInt, makeFloat, makeBool, type NumberValue } from '../atom/grounded.js';
import { GroundingSpace, spaceAtom, spaceOf } from '../space/space.js';
import { Parser } from '../syntax/parser.js';
import type { TokenTable } from '../syntax/tokens.js';
import { format } from '../syntax/printer.js';
import { operation, operationOf, type OpContext } from './operation.js';
import { fail, MSG } from './errors.js';
import { typeAtom } from './type-syntax.js';
import { RANDOM_DOCS } from './prelude-docs.js';

const GENERATOR_TYPE = sym('RandomGenerator');
let generatorCounter = 0;

/** splitmix64 step over a BigInt state; returns [next state, output]. */
function splitmix64(state: bigint): [bigint, bigint] {
  const s = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
  let z = s;
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return [s, z ^ (z >> 31n)];
}

/** xoshiro128** over four 32-bit words. */
class Xoshiro128 {
  private s: Uint32Array;
  constructor(seed: bigint) {
    this.s = new Uint32Array(4);
    let st = BigInt.asUintN(64, seed);
    for (let i = 0; i < 4; i += 2) {
      const [next, out] = splitmix64(st);
      st = next;
      this.s[i] = Number(out & 0xffffffffn);
      this.s[i + 1] = Number(out >> 32n);
    }
  }
  private nextU32(): number {
    const s = this.s;
    let s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
    return result;
  }
  /** A float in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A random generator atom: seeded, or drawing from the host until seeded. */
export class RandomGeneratorValue implements GroundedValue {
  private seeded: Xoshiro128 | null;
  readonly id = ++generatorCounter;
  constructor(seed: bigint | null) {
    this.seeded = seed === null ? null : new Xoshiro128(seed);
  }
  next(ctx: OpContext): number {
    return this.seeded === null ? ctx.host.random() : this.seeded.next();
  }
  reseed(seed: bigint): void {
    this.seeded = new Xoshiro128(seed);
  }
  reset(): void {
    this.seeded = null;
  }
  typeAtom(): Atom {
    return GENERATOR_TYPE;
  }
  equals(o: GroundedValue): boolean {
    return o === this;
  }
  display(): string {
    return `RandomGenerator-0x${this.id.toString(16)}`;
  }
  hashCode(): number {
    return this.id;
  }
}

function numberArg(a: Atom | undefined, message: string): NumberValue {
  const n = a === undefined ? null : numberOf(a);
  if (n === null) fail(message);
  return n;
}

/** A number as Rust's `Into<i64>` gives it: floats truncate. */
function toI64(n: NumberValue): bigint {
  if (!n.isFloat) return BigInt(n.n);
  const x = n.toNumber();
  return Number.isFinite(x) ? BigInt(Math.trunc(x)) : 0n;
}

function generatorArg(a: Atom | undefined, message: string): RandomGeneratorValue {
  if (a === undefined || a.kind !== GROUNDED || !(a.value instanceof RandomGeneratorValue)) fail(message);
  return a.value;
}

/** A uniform integer in [lo, hi). */
function intInRange(lo: bigint, hi: bigint, r: number, empty: string): Atom {
  if (!(lo < hi)) fail(empty);
  const span = hi - lo;
  if (span <= BigInt(Number.MAX_SAFE_INTEGER)) return makeInt(lo + BigInt(Math.floor(r * Number(span))));
  // Past 2^53 the draw is scaled: every result is in range, not every value reachable.
  return makeInt(lo + ((BigInt(Math.floor(r * 2 ** 53)) * span) >> 53n));
}

/** A uniform float in [lo, hi). */
function floatInRange(lo: number, hi: number, r: number, empty: string): Atom {
  if (!(lo < hi)) fail(empty);
  const x = lo + r * (hi - lo);
  return makeFloat(x < hi ? x : lo);
}

const randomInt = operation('random-int', typeAtom('(-> RandomGenerator Number Number Number)'), (args, ctx) => {
  const message = 'random-int expects three arguments: random generator, number (start) and number (end)';
  if (args[0] === undefined) fail(message);
  const lo = toI64(numberArg(args[1], message));
  const hi = toI64(numberArg(args[2], message));
  const g = generatorArg(args[0], 'random-int expects a random generator as its argument');
  return [intInRange(lo, hi, g.next(ctx), MSG.rangeIsEmpty)];
});

const randomFloat = operation('random-float', typeAtom('(-> RandomGenerator Number Number Number)'), (args, ctx) => {
  const message = 'random-float expects three arguments: random generator, number (start) and number (end)';
  if (args[0] === undefined) fail(message);
  const lo = numberArg(args[1], message).toNumber();
  const hi = numberArg(args[2], message).toNumber();
  const g = generatorArg(args[0], 'random-float expects a random generator as its argument');
  return [floatInRange(lo, hi, g.next(ctx), MSG.rangeIsEmpty)];
});

const setRandomSeed = operation('set-random-seed', typeAtom('(-> RandomGenerator Number (->))'), (args) => {
  const message = 'set-random-seed expects two arguments: random generator and number (seed)';
  if (args[0] === undefined) fail(message);
  const seed = toI64(numberArg(args[1], message));
  generatorArg(args[0], 'set-random-seed expects a random generator as its argument').reseed(seed);
  return [UNIT];
});

const newRandomGenerator = operation('new-random-generator', typeAtom('(-> Number RandomGenerator)'), (args) => {
  const seed = toI64(numberArg(args[0], 'new-random-generator expects one argument: number (seed)'));
  return [gnd(new RandomGeneratorValue(seed))];
});

// The reference declares the result as `()` (the unit value, not its type) and
// reuses set-random-seed's message for a non-generator; both kept.
const resetRandomGenerator = operation('reset-random-generator', typeAtom('(-> RandomGenerator ())'), (args) => {
  if (args[0] === undefined) fail('reset-random-generator expects one argument: random generator');
  generatorArg(args[0], 'set-random-seed expects a random generator as its argument').reset();
  return [UNIT];
});

const flip = operation('flip', typeAtom('(-> Bool)'), (_args, ctx) => [makeBool(ctx.host.random() < 0.5)]);

/** The `random` module's operations (registered as tokens on import). */
export function randomModuleOps(): Atom[] {
  return [randomInt, randomFloat, setRandomSeed, newRandomGenerator, resetRandomGenerator, flip];
}

/** The corelib's two-argument forms, drawing from the host's `random()`. */
export function legacyRandomOps(): Atom[] {
  return [
    operation('random-int', typeAtom('(-> Number Number Number)'), (args, ctx) => {
      const message = 'random-int expects two arguments: number (start) and number (end)';
      const lo = toI64(numberArg(args[0], message));
      const hi = toI64(numberArg(args[1], message));
      return [intInRange(lo, hi, ctx.host.random(), MSG.legacyRangeIsEmpty)];
    }),
    operation('random-float', typeAtom('(-> Number Number Number)'), (args, ctx) => {
      const message = 'random-float expects two arguments: number (start) and number (end)';
      const lo = numberArg(args[0], message).toNumber();
      const hi = numberArg(args[1], message).toNumber();
      return [floatInRange(lo, hi, ctx.host.random(), MSG.legacyRangeIsEmpty)];
    }),
  ];
}

/** The generator `&rng` of one importing module (each module that imports `random` gets its own). */
export function moduleGenerator(): Atom {
  return gnd(new RandomGeneratorValue(null));
}
