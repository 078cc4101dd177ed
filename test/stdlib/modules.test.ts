// Modules: import!, include, mod-space!, print-mods!, register-module!, git-module!.
import { cases, argCount, rtErr } from './helpers.js';

const files = {
  './lib.metta': '(= (f) 42)\n(@doc f (@desc "the answer"))\n',
  './inc.metta': '(= (g) 7)\n!(g)\n',
};

cases('modules', [
  { name: 'import! into &self', files, src: '!(import! &self lib) !(f) !(import! &self nosuch) !(import! &self)',
    results: ['[()]', '[42]', /^\[\(Error \(import! GroundingSpace-\S+ nosuch\) .*nosuch.*\)\]$/, /^\[\(Error \(import! GroundingSpace-\S+\) IncorrectNumberOfArguments\)\]$/] },
  { name: 'import! as a token', files, src: '!(import! &lib lib) !(match &lib (= (f) $x) $x) !(f) !(import! &other "a" b)',
    results: ['[()]', '[42]', '[(f)]', `[${argCount('(import! &other "a" b)')}]`] },
  { name: 'import! with a bad module name', files, src: '!(import! &self 5)',
    results: [`[${rtErr('(import! GroundingSpace-top 5)', 'import! expects a destination &space and a module name argument')}]`] },
  { name: 'include', files, src: '!(include inc) !(g) !(include nosuch) !(include 5) !(include)',
    results: ['[7]', '[7]', /^\[\(Error \(include nosuch\) .*nosuch.*\)\]$/, `[${rtErr('(include 5)', 'include expects a module name argument')}]`, `[${argCount('(include)')}]`] },
  { name: 'mod-space!', files, src: '!(chain (eval (mod-space! lib)) $s (match $s (= (f) $x) $x)) !(chain (eval (mod-space! corelib)) $s (match $s (: if $t) ok)) !(mod-space! nosuch) !(mod-space! 5) !(mod-space!)',
    results: ['[42]', '[ok]', /^\[\(Error \(mod-space! nosuch\) .*nosuch.*\)\]$/, `[${rtErr('(mod-space! 5)', 'mod-space! expects a module name argument')}]`, `[${argCount('(mod-space!)')}]`] },
  { name: 'print-mods!', files, src: '!(import! &self lib) !(print-mods!) !(print-mods! x)',
    results: ['[()]', '[()]', `[${argCount('(print-mods! x)')}]`], out: ['lib: ./lib.metta'] },
  { name: 'register-module!', files, src: '!(register-module! "lib") !(register-module! "nosuch") !(register-module! 5) !(register-module!)',
    results: ['[()]', /^\[\(Error \(register-module! "nosuch"\) .*nosuch.*\)\]$/,
      `[${rtErr('(register-module! 5)', 'register-module! expects a file system path; use quotes if needed')}]`, `[${argCount('(register-module!)')}]`] },
  { name: 'git-module!', src: '!(git-module! "https://github.com/someone/mymod.git") !(git-module! 5) !(git-module!)',
    results: [`[${rtErr('(git-module! "https://github.com/someone/mymod.git")', 'Unable to pull module "mymod" from git; no local "caches" directory available')}]`,
      `[${rtErr('(git-module! 5)', 'git-module! expects a URL; use quotes if needed')}]`, `[${argCount('(git-module!)')}]`] },
]);
