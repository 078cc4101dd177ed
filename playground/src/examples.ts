// Programs offered by the playground's Examples menu.

export interface Example {
  readonly name: string;
  readonly source: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    name: 'Hello',
    source: `; A first MeTTa program: facts, a rule, arithmetic.
; Atoms without ! are added to the space &self; !(...) evaluates.
(parent Tom Bob)
(parent Bob Ann)
(parent Bob Liz)

(= (grandparent $x)
   (match &self (, (parent $x $y) (parent $y $z)) $z))

!(println! "Hello from MeTTa")
!(grandparent Tom)
!(+ 1 (* 2 3))

(= (fact $n) (if (== $n 0) 1 (* $n (fact (- $n 1)))))
!(fact 10)
`,
  },
  {
    name: 'Nondeterminism',
    source: `; An expression can have several results: MeTTa evaluates every one.
(= (coin) heads)
(= (coin) tails)

!(coin)
; Two coins: all four combinations.
!(pair (coin) (coin))

; superpose makes alternatives of a tuple; collapse gathers them back.
!(superpose (1 2 3))
!(collapse (+ 10 (superpose (1 2 3))))

; Search by generate and test: which pairs of digits sum to 5?
(= (digit) (superpose (0 1 2 3 4 5)))
!(let* (($a (digit)) ($b (digit)))
   (if (== (+ $a $b) 5) ($a $b) (empty)))
`,
  },
  {
    name: 'Types',
    source: `; Peano numbers with declared types: ill-typed calls are errors.
(: Nat Type)
(: Z Nat)
(: S (-> Nat Nat))
(: add (-> Nat Nat Nat))
(= (add Z $y) $y)
(= (add (S $x) $y) (S (add $x $y)))

!(add (S (S Z)) (S Z))
!(get-type (S Z))
!(add Z "two")
`,
  },
  {
    name: 'Recursion',
    source: `; Plain recursion; try both engines from the Engine menu.
(= (fib $n)
   (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
!(fib 15)

(= (len $xs)
   (if (== $xs ()) 0 (+ 1 (len (cdr-atom $xs)))))
!(len (a b c d))
`,
  },
  {
    name: 'Runaway loop',
    source: `; This never ends. Press Stop (or Esc) to terminate the evaluation.
(= (count $n) (count (+ $n 1)))
!(println! "counting...")
!(count 0)
`,
  },
];
