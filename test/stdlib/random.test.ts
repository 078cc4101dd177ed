// The built-in `random` module.
import { cases, argCount, badArg, rtErr } from './helpers.js';

const IMPORT = '!(import! &self random) ';
const quarter = (): number => 0.25;

cases('random', [
  { name: 'operations need the import', src: '!(flip) !(new-random-generator 1)', results: ['[(flip)]', '[(new-random-generator 1)]'] },
  { name: 'random-int', random: quarter, src: `${IMPORT}!(random-int &rng 0 8) !(random-int &rng 5 0) !(random-int foo 0 5) !(random-int 5 0 5) !(random-int &rng 0 A) !(random-int 0 5)`,
    results: ['[()]', '[2]', /^\[\(Error \(random-int RandomGenerator-\S+ 5 0\) RangeIsEmpty\)\]$/,
      `[${rtErr('(random-int foo 0 5)', 'random-int expects a random generator as its argument')}]`,
      `[${badArg('(random-int 5 0 5)', 1, 'RandomGenerator', 'Number')}]`,
      /^\[\(Error \(random-int RandomGenerator-\S+ 0 A\) random-int expects three arguments: random generator, number \(start\) and number \(end\)\)\]$/,
      `[${argCount('(random-int 0 5)')}]`] },
  { name: 'random-float', random: quarter, src: `${IMPORT}!(random-float &rng 0 2) !(random-float &rng 1 1) !(random-float foo 0 1) !(random-float &rng 0)`,
    results: ['[()]', '[0.5]', /^\[\(Error \(random-float RandomGenerator-\S+ 1 1\) RangeIsEmpty\)\]$/,
      `[${rtErr('(random-float foo 0 1)', 'random-float expects a random generator as its argument')}]`, /IncorrectNumberOfArguments\)\]$/] },
  { name: 'the assertion of the reference', src: `${IMPORT}!(assertEqual (random-int &rng 5 0) (Error (random-int &rng 5 0) RangeIsEmpty))`,
    results: ['[()]', '[()]'] },
  { name: 'new-random-generator', src: `${IMPORT}!(let $g (new-random-generator 7) (let $h (new-random-generator 7) (== (random-int $g 0 1000000) (random-int $h 0 1000000)))) !(let $g (new-random-generator 7) (let $a (random-float $g 0 1) (and (>= $a 0) (< $a 1)))) !(new-random-generator x) !(new-random-generator "x") !(new-random-generator)`,
    results: ['[()]', '[True]', '[True]', `[${rtErr('(new-random-generator x)', 'new-random-generator expects one argument: number (seed)')}]`,
      `[${badArg('(new-random-generator "x")', 1, 'Number', 'String')}]`, `[${argCount('(new-random-generator)')}]`] },
  { name: 'set-random-seed', src: `${IMPORT}!(let $g (new-random-generator 0) (let $t (set-random-seed $g 5) (let $a (random-float $g 0 5) (let $u (set-random-seed $g 5) (let $b (random-float $g 0 5) (== $a $b)))))) !(set-random-seed &rng 3) !(set-random-seed foo 3) !(set-random-seed &rng x) !(set-random-seed &rng)`,
    results: ['[()]', '[True]', '[()]', `[${rtErr('(set-random-seed foo 3)', 'set-random-seed expects a random generator as its argument')}]`,
      /^\[\(Error \(set-random-seed RandomGenerator-\S+ x\) set-random-seed expects two arguments: random generator and number \(seed\)\)\]$/,
      /IncorrectNumberOfArguments\)\]$/] },
  { name: 'reset-random-generator', random: quarter, src: `${IMPORT}!(let $g (new-random-generator 0) (let $t (reset-random-generator $g) (random-int $g 0 8))) !(reset-random-generator foo) !(reset-random-generator 1) !(reset-random-generator)`,
    results: ['[()]', '[2]', `[${rtErr('(reset-random-generator foo)', 'set-random-seed expects a random generator as its argument')}]`,
      `[${badArg('(reset-random-generator 1)', 1, 'RandomGenerator', 'Number')}]`, `[${argCount('(reset-random-generator)')}]`] },
  { name: 'flip', random: quarter, src: `${IMPORT}!(flip) !(flip x)`, results: ['[()]', '[True]', `[${argCount('(flip x)')}]`] },
  { name: 'import! as a token', src: '!(import! &rnd random) !(flip) !(let $c (collapse (match &rnd (@doc $n $d $p $r) $n)) (size-atom $c))', results: ['[()]', '[(flip)]', '[6]'] },
]);
