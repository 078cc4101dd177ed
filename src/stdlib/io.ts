// Output, strings, math, random numbers and modules (reference: runner/stdlib/
// debug.rs, string.rs, math.rs, random.rs, module.rs).
import { Atom, EXPRESSION, SYMBOL, expr } from '../atom/atom.js';
import { S, UNIT } from '../atom/symbols.js';
import { numberOf, stringOf, makeFloat, makeInt, makeBool, makeString, NumberValue } from '../atom/grounded.js';
import { format } from '../syntax/printer.js';
import { parseAtom } from '../syntax/parser.js';
import { ExecError, operation } from './operation.js';
import { typeAtom } from './type-syntax.js';

/** Text of an atom as println! shows it: strings raw, everything else as printed. */
export function displayText(a: Atom): string {
  const s = stringOf(a);
  return s !== null ? s : format(a);
}

function num(name: string, a: Atom | undefined): NumberValue {
  const n = a === undefined ? null : numberOf(a);
  if (n === null) throw new ExecError(`${name} expects a number`);
  return n;
}

function roundLike(name: string, f: (x: number) => number): Atom {
  return operation(name, typeAtom('(-> Number Number)'), (args) => {
    const n = num(name, args[0]);
    return [n.isFloat ? makeFloat(f(n.toNumber())) : makeInt(n.n)];
  });
}

function floatFn(name: string, f: (x: number) => number): Atom {
  return operation(name, typeAtom('(-> Number Number)'), (args) => [makeFloat(f(num(name, args[0]).toNumber()))]);
}

export function ioOps(): Atom[] {
  return [
    operation('println!', typeAtom('(-> %Undefined% (->))'), (args, ctx) => {
      if (args.length !== 1) throw new ExecError('println! expects single atom as an argument');
      ctx.host.print(displayText(args[0]!));
      return [UNIT];
    }),
    operation('trace!', typeAtom('(-> %Undefined% $a $a)'), (args, ctx) => {
      if (args.length !== 2) throw new ExecError('trace! expects two atoms as arguments');
      ctx.host.printErr(displayText(args[0]!));
      return [args[1]!];
    }),
    operation('print-alternatives!', typeAtom('(-> Atom Expression (->))'), (args, ctx) => {
      const items = args[1]?.kind === EXPRESSION ? args[1].items : [];
      ctx.host.print(`${items.length} ${displayText(args[0]!)}:`);
      for (const x of items) ctx.host.print(`    ${format(x)}`);
      return [UNIT];
    }),
    operation('format-args', typeAtom('(-> String Expression String)'), (args) => {
      const fmt = args[0] === undefined ? null : stringOf(args[0]);
      if (fmt === null || args[1]?.kind !== EXPRESSION) throw new ExecError('format-args expects format string and an expression');
      const vals = args[1].items;
      let i = 0;
      const out = fmt.replace(/\{\}/g, (m) => (i < vals.length ? displayText(vals[i++]!) : m));
      return [makeString(out)];
    }),
    operation('repr', typeAtom('(-> Atom String)'), (args) => [makeString(format(args[0]!))]),
    operation('parse', typeAtom('(-> String Atom)'), (args) => {
      const s = args[0] === undefined ? null : stringOf(args[0]);
      if (s === null) throw new ExecError('parse expects a string');
      return [parseAtom(s)];
    }),
    operation('pow-math', typeAtom('(-> Number Number Number)'), (args) => {
      const b = num('pow-math', args[0]), e = num('pow-math', args[1]);
      return [makeFloat(Math.pow(b.toNumber(), e.toNumber()))];
    }),
    floatFn('sqrt-math', Math.sqrt),
    operation('abs-math', typeAtom('(-> Number Number)'), (args) => {
      const n = num('abs-math', args[0]);
      if (n.isFloat) return [makeFloat(Math.abs(n.toNumber()))];
      return [makeInt(typeof n.n === 'bigint' ? (n.n < 0n ? -n.n : n.n) : Math.abs(n.n))];
    }),
    operation('log-math', typeAtom('(-> Number Number Number)'), (args) => {
      const b = num('log-math', args[0]).toNumber(), x = num('log-math', args[1]).toNumber();
      return [makeFloat(Math.log(x) / Math.log(b))];
    }),
    roundLike('trunc-math', Math.trunc),
    roundLike('ceil-math', Math.ceil),
    roundLike('floor-math', Math.floor),
    roundLike('round-math', (x) => (x < 0 ? -Math.round(-x) : Math.round(x))),
    floatFn('sin-math', Math.sin),
    floatFn('asin-math', Math.asin),
    floatFn('cos-math', Math.cos),
    floatFn('acos-math', Math.acos),
    floatFn('tan-math', Math.tan),
    floatFn('atan-math', Math.atan),
    operation('isnan-math', typeAtom('(-> Number Bool)'), (args) => [makeBool(Number.isNaN(num('isnan-math', args[0]).toNumber()))]),
    operation('isinf-math', typeAtom('(-> Number Bool)'), (args) => {
      const x = num('isinf-math', args[0]).toNumber();
      return [makeBool(x === Infinity || x === -Infinity)];
    }),
    operation('random-int', S.undefinedType, (args, ctx) => {
      const [lo, hi] = args.length === 3 ? [args[1], args[2]] : [args[0], args[1]];
      const a = num('random-int', lo).toNumber(), b = num('random-int', hi).toNumber();
      if (a >= b) throw new ExecError('Range is empty');
      return [makeInt(a + Math.floor(ctx.host.random() * (b - a)))];
    }),
    operation('random-float', S.undefinedType, (args, ctx) => {
      const [lo, hi] = args.length === 3 ? [args[1], args[2]] : [args[0], args[1]];
      const a = num('random-float', lo).toNumber(), b = num('random-float', hi).toNumber();
      if (a >= b) throw new ExecError('Range is empty');
      return [makeFloat(a + ctx.host.random() * (b - a))];
    }),
    operation('import!', typeAtom('(-> Atom Atom (->))'), (args, ctx) => {
      if (args.length !== 2) throw new ExecError('import! expects two arguments: space and module name');
      return ctx.host.importModule(args[0]!, args[1]!, ctx.space);
    }),
    operation('include', typeAtom('(-> Atom Atom)'), (args, ctx) => {
      if (args.length !== 1) throw new ExecError('include expects a module name argument');
      return ctx.host.includeModule(args[0]!, ctx.space);
    }),
    operation('mod-space!', typeAtom('(-> Atom SpaceType)'), (args, ctx) => {
      if (args.length !== 1) throw new ExecError('mod-space! expects a module name argument');
      return [ctx.host.moduleSpace(args[0]!)];
    }),
    operation('print-mods!', typeAtom('(-> (->))'), (_args, ctx) => {
      ctx.host.printModules();
      return [UNIT];
    }),
    operation('register-module!', typeAtom('(-> Atom (->))'), (args) => {
      if (args.length !== 1 || (args[0]!.kind !== SYMBOL && stringOf(args[0]!) === null)) {
        throw new ExecError('register-module! expects a file system path');
      }
      return [UNIT];
    }),
  ];
}

export { expr };
