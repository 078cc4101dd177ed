// Spaces, states and tokens.
import { cases, argCount, badArg, rtErr } from './helpers.js';

const S = '!(bind! &s (new-space)) ';

cases('spaces', [
  { name: 'new-space', src: '!(chain (eval (new-space)) $s (get-atoms $s)) !(chain (eval (new-space)) $s (add-atom $s a)) !(new-space 1)', results: ['[]', '[()]', `[${argCount('(new-space 1)')}]`] },
  { name: 'add-atom', src: `${S}!(add-atom &s (+ 1 2)) !(get-atoms &s) !(add-atom 5 a) !(add-atom foo a) !(add-atom &s)`,
    results: ['[()]', '[()]', '[(+ 1 2)]', `[${badArg('(add-atom 5 a)', 1, 'SpaceType', 'Number')}]`,
      `[${rtErr('(add-atom foo a)', 'add-atom expects a space as the first argument')}]`, /^\[\(Error \(add-atom GroundingSpace-\S+\) IncorrectNumberOfArguments\)\]$/] },
  { name: 'remove-atom', src: `${S}!(add-atom &s a) !(add-atom &s b) !(remove-atom &s a) !(remove-atom &s zzz) !(get-atoms &s) !(remove-atom 5 a) !(remove-atom foo a) !(remove-atom &s)`,
    results: ['[()]', '[()]', '[()]', '[()]', '[()]', '[b]', `[${badArg('(remove-atom 5 a)', 1, 'SpaceType', 'Number')}]`,
      `[${rtErr('(remove-atom foo a)', 'remove-atom expects a space as the first argument')}]`, /IncorrectNumberOfArguments\)\]$/] },
  { name: 'get-atoms', src: `${S}!(add-atom &s (p $x)) !(get-atoms &s) !(get-atoms foo) !(get-atoms 5) !(get-atoms)`,
    results: ['[()]', '[()]', /^\[\(p \$x#\d+\)\]$/, `[${rtErr('(get-atoms foo)', 'get-atoms expects a space as its argument')}]`,
      `[${badArg('(get-atoms 5)', 1, 'SpaceType', 'Number')}]`, `[${argCount('(get-atoms)')}]`] },
  { name: 'add-reduct', src: `${S}!(add-reduct &s (+ 1 2)) !(get-atoms &s) !(add-reduct 5 a) !(add-reduct &s)`,
    results: ['[()]', '[()]', '[3]', `[${badArg('(add-reduct 5 a)', 1, 'SpaceType', 'Number')}]`, /IncorrectNumberOfArguments\)\]$/] },
  { name: 'add-atoms', src: `${S}!(add-atoms &s ((+ 1 2) b)) !(get-atoms &s) !(add-atoms &s 5) !(add-atoms k1)`,
    results: ['[()]', '[()]', '[(+ 1 2), b]', `[${badArg('(add-atoms GroundingSpace-1 5)', 2, 'Expression', 'Number')}]`.replace('GroundingSpace-1', 'GS'),
      `[${argCount('(add-atoms k1)')}]`].map((r) => (r.includes('GS') ? /^\[\(Error \(add-atoms GroundingSpace-\S+ 5\) \(BadArgType 2 Expression Number\)\)\]$/ : r)) },
  { name: 'add-reducts', src: `(= (pair) (k v)) ${S}!(add-reducts &s ((pair) b)) !(match &s (k $v) $v) !(add-reducts k1)`,
    results: ['[()]', '[()]', '[v]', `[${argCount('(add-reducts k1)')}]`] },
  { name: 'new-state', src: '!(new-state (a 1)) !(get-type (new-state 1)) !(new-state)',
    results: ['[(State (a 1))]', '[(StateMonad Number)]', `[${argCount('(new-state)')}]`] },
  { name: 'get-state', src: '!(get-state (new-state 5)) !(get-state foo) !(get-state)',
    results: ['[5]', `[${rtErr('(get-state foo)', 'get-state expects single state atom as an argument')}]`, `[${argCount('(get-state)')}]`] },
  // A state that holds itself (cons-atom takes its arguments unevaluated) prints with the cycle cut.
  { name: 'a state inside its own value', src: '!(bind! &log (new-state ())) !(change-state! &log (cons-atom x (get-state &log))) !(get-state &log)',
    results: ['[()]', '[(State (x get-state (State …)))]', '[(x get-state (State (x get-state (State …))))]'] },
  { name: 'change-state!', src: '!(let $s (new-state 1) (get-state (change-state! $s 2))) !(change-state! (new-state 1) "S") !(change-state! foo 1) !(change-state! (new-state 1))',
    results: ['[2]', `[${badArg('(change-state! (new-state 1) "S")', 2, 'Number', 'String')}]`,
      `[${rtErr('(change-state! foo 1)', 'change-state! expects a state as the first argument')}]`, `[${argCount('(change-state! (new-state 1))')}]`] },
  { name: 'bind!', src: '!(bind! &x 5) !(+ &x 1) !(bind! 5 a) !(bind! &y)',
    results: ['[()]', '[6]', `[${badArg('(bind! 5 a)', 1, 'Symbol', 'Number')}]`, `[${argCount('(bind! &y)')}]`] },
]);
