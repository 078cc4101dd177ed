// Programs offered by the playground's Examples menu: the gallery in examples/
// (each also run against its expected output by test/examples), plus a runaway
// loop to try Stop on.
import hello from '../../examples/hello.metta';
import nondeterminism from '../../examples/nondeterminism.metta';
import types from '../../examples/types.metta';
import spaces from '../../examples/spaces-and-match.metta';
import states from '../../examples/states.metta';
import modules from '../../examples/modules.metta';
import geometry from '../../examples/lib/geometry.metta';
import hostFunction from '../../examples/host-function.metta';
import errors from '../../examples/errors.metta';
import recursion from '../../examples/recursion.metta';

export interface Example {
  readonly name: string;
  readonly source: string;
}

export const EXAMPLES: readonly Example[] = [
  { name: 'Hello', source: hello },
  { name: 'Nondeterminism', source: nondeterminism },
  { name: 'Types', source: types },
  { name: 'Spaces and match', source: spaces },
  { name: 'States', source: states },
  { name: 'Modules', source: modules },
  { name: 'Host functions', source: hostFunction },
  { name: 'Errors', source: errors },
  { name: 'Recursion', source: recursion },
  {
    name: 'Runaway loop',
    source: `; This never ends. Press Stop (or Esc) to terminate the evaluation.
(= (count $n) (count (+ $n 1)))
!(println! "counting...")
!(count 0)
`,
  },
];

/** The files import! may read in the playground: the gallery's modules, by path. */
export const LIBRARY: Readonly<Record<string, string>> = { 'lib/geometry.metta': geometry };
